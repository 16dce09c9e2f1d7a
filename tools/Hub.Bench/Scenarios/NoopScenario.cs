using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Hub.Bench.Scenarios;

/// <summary>
/// The baseline: a gRPC health check on the <c>liveness</c> service, which runs no dependency
/// check. It crosses the whole call path (HTTP/2, routing, interceptors, call log) and nothing
/// else, so every other scenario is read against it.
/// </summary>
public sealed class NoopScenario : IScenario
{
    private static readonly HealthCheckRequest Request = new() { Service = "liveness" };
    private Health.HealthClient? _client;

    public string Name => "noop";

    public string Description => "gRPC health Check(liveness): the transport and pipeline alone";

    public Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        _client = new Health.HealthClient(channel);
        return Task.CompletedTask;
    }

    public async Task CallAsync(int worker, long iteration, CancellationToken cancellationToken) =>
        await _client!.CheckAsync(Request, cancellationToken: cancellationToken);
}
