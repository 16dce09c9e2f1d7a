using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>Registers the adapter with the hub and keeps it alive with heartbeats.</summary>
public sealed class Registrar(HubConnection hub, IDepartmentAdapter adapter, AdapterOptions options, ILogger<Registrar> logger)
{
    private TimeSpan _interval = TimeSpan.FromSeconds(10);

    /// <summary>The adapter software version sent at registration.</summary>
    public static string Version { get; } = typeof(Registrar).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// Most records the hub takes in one PushRequest, from its last RegisterResponse; 0 (an older hub, or not
    /// registered yet) means one record per message.
    /// </summary>
    public int MaxPushBatch => Volatile.Read(ref _maxPushBatch);

    private int _maxPushBatch;

    /// <summary>Registers (retrying until the hub answers) and returns the hub's committed checkpoint.</summary>
    public async Task<RegisterResponse> RegisterAsync(string endpoint, CancellationToken cancellationToken)
    {
        var request = new RegisterRequest
        {
            Department = adapter.Department,
            AdapterId = options.Id,
            Version = Version,
            Capabilities = { adapter.Capabilities },
            Endpoint = endpoint,
        };
        if (endpoint.Length > 0 && adapter.Facets.Count > 0)
            request.Capabilities.Add(AdapterCapability.ServeFacets);
        if (adapter is ICaseReceiver)
            request.Capabilities.Add(AdapterCapability.ReceiveCases);
        var client = new AdapterRegistryService.AdapterRegistryServiceClient(hub.Channel);
        var response = await hub.RetryAsync("Register", async ct =>
            await client.RegisterAsync(request, hub.Call(ct, TimeSpan.FromSeconds(10))), cancellationToken);
        _interval = response.HeartbeatInterval?.ToTimeSpan() is { Ticks: > 0 } i ? i : _interval;
        Volatile.Write(ref _maxPushBatch, Math.Max(0, response.MaxPushBatch));
        logger.LogInformation("Registered {AdapterId} for {Department} at {Hub}; hub has committed up to sequence {Sequence}",
            options.Id, adapter.Department, options.Hub, response.LastCommittedSequence);
        return response;
    }

    /// <summary>Sends heartbeats until cancelled; registers again when the hub no longer knows the adapter.</summary>
    public async Task RunHeartbeatsAsync(string endpoint, Func<long> backlog, CancellationToken cancellationToken)
    {
        var client = new AdapterRegistryService.AdapterRegistryServiceClient(hub.Channel);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_interval, cancellationToken);
            try
            {
                var response = await client.HeartbeatAsync(new HeartbeatRequest { AdapterId = options.Id, Backlog = backlog() },
                    hub.Call(cancellationToken, TimeSpan.FromSeconds(5)));
                _interval = response.HeartbeatInterval?.ToTimeSpan() is { Ticks: > 0 } i ? i : _interval;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                await RegisterAsync(endpoint, cancellationToken);
            }
            catch (RpcException e)
            {
                // A missed heartbeat is not an error worth stopping for; the next one may get through.
                logger.LogWarning("Heartbeat failed ({Error})", HubConnection.Describe(e));
            }
        }
    }
}
