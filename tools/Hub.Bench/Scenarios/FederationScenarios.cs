using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;

namespace Hub.Bench.Scenarios;

/// <summary>
/// The four adapters alone: each call sends the same GetFacet the hub would send to all four in
/// parallel and waits for the slowest, so its latency is "the slowest adapter" of a resident read.
/// </summary>
public sealed class AdaptersDirectScenario(FederationSetup setup) : IScenario
{
    public string Name => "adapters-direct";

    public string Description => "the four adapters' GetFacet called straight, in parallel: the slowest-adapter baseline of resident-view";

    public Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken) => setup.EnsureAsync(channel, cancellationToken);

    public async Task CallAsync(int worker, long iteration, CancellationToken cancellationToken)
    {
        var i = FederationPick.Index(worker, iteration, setup.ResidentIds.Length);
        var calls = new Task<GetFacetResponse>[setup.AdapterClients.Count];
        for (var k = 0; k < calls.Length; k++)
        {
            var (department, client) = setup.AdapterClients[k];
            calls[k] = client.GetFacetAsync(new GetFacetRequest
            {
                SourceRefs = { new SourceRef { Department = department, LocalId = FederationSetup.LocalId(department, i) } },
                Purpose = "bench", RequestId = "bench", Caller = "bench",
            }, cancellationToken: cancellationToken).ResponseAsync;
        }
        await Task.WhenAll(calls);
    }
}

/// <summary>
/// The least any hub in the middle adds: the <c>noop</c> call to the hub (transport and call pipeline, no work), then
/// the four adapters straight and in parallel, as <c>adapters-direct</c>. Its p99 over adapters-direct's is the extra
/// gRPC hop alone on this machine, before the hub does anything of its own.
/// </summary>
public sealed class HopThenAdaptersScenario(FederationSetup setup) : IScenario
{
    private readonly NoopScenario _hop = new();
    private readonly AdaptersDirectScenario _adapters = new(setup);

    public string Name => "hop-then-adapters";

    public string Description => "noop through the hub, then the four adapters called straight: the floor of any hub's cost";

    public async Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        await _hop.SetupAsync(channel, cancellationToken);
        await _adapters.SetupAsync(channel, cancellationToken);
    }

    public async Task CallAsync(int worker, long iteration, CancellationToken cancellationToken)
    {
        await _hop.CallAsync(worker, iteration, cancellationToken);
        await _adapters.CallAsync(worker, iteration, cancellationToken);
    }
}

/// <summary>GetResident by resident id with four healthy adapters; fails the call unless every facet is OK.</summary>
public sealed class ResidentViewScenario(FederationSetup setup) : IScenario
{
    private ResidentService.ResidentServiceClient? _client;

    public string Name => "resident-view";

    public string Description => "ResidentService.GetResident: core identity + 4 live facets from in-process adapters on loopback";

    public async Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        await setup.EnsureAsync(channel, cancellationToken);
        _client = new ResidentService.ResidentServiceClient(channel);
    }

    public async Task CallAsync(int worker, long iteration, CancellationToken cancellationToken)
    {
        var id = setup.ResidentIds[FederationPick.Index(worker, iteration, setup.ResidentIds.Length)];
        var response = await _client!.GetResidentAsync(new GetResidentRequest { ResidentId = id, Purpose = "bench" },
            deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
        foreach (var facet in response.Facets)
        {
            if (facet.Status != FacetStatus.Ok)
                throw new InvalidOperationException($"{facet.Department}: {facet.Status} {facet.StatusDetail}");
        }
    }
}

/// <summary>
/// GetResident with one adapter killed and its breaker open: that facet must come back UNAVAILABLE at
/// once, the other three OK. Setup kills the adapter and reads until the hub reports the breaker open.
/// </summary>
public sealed class ResidentViewDeadScenario(FederationSetup setup) : IScenario
{
    private ResidentService.ResidentServiceClient? _client;

    public string Name => "resident-view-dead";

    public string Description => $"GetResident with the {FederationSetup.DeadDepartment} adapter killed and its breaker open";

    public async Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        await setup.EnsureAsync(channel, cancellationToken);
        _client = new ResidentService.ResidentServiceClient(channel);
        await setup.KillAsync(FederationSetup.DeadDepartment);
        var registry = new AdapterRegistryService.AdapterRegistryServiceClient(channel);
        for (var i = 0; ; i++)
        {
            await _client.GetResidentAsync(new GetResidentRequest { ResidentId = setup.ResidentIds[0], Purpose = "bench" },
                deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
            var adapters = await registry.ListAdaptersAsync(new ListAdaptersRequest { Department = FederationSetup.DeadDepartment },
                cancellationToken: cancellationToken);
            if (adapters.Adapters.Any(a => a.BreakerState == BreakerState.Open))
                return;
            if (i > 1000)
                throw new InvalidOperationException("resident-view-dead setup: the breaker of the killed adapter never opened");
        }
    }

    public async Task CallAsync(int worker, long iteration, CancellationToken cancellationToken)
    {
        var id = setup.ResidentIds[FederationPick.Index(worker, iteration, setup.ResidentIds.Length)];
        var response = await _client!.GetResidentAsync(new GetResidentRequest { ResidentId = id, Purpose = "bench" },
            deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
        foreach (var facet in response.Facets)
        {
            var expected = facet.Department == FederationSetup.DeadDepartment ? FacetStatus.Unavailable : FacetStatus.Ok;
            if (facet.Status != expected)
                throw new InvalidOperationException($"{facet.Department}: {facet.Status} {facet.StatusDetail}");
        }
    }
}

internal static class FederationPick
{
    public static int Index(int worker, long iteration, int count) => (int)(((long)worker * 7919 + iteration) % count);
}
