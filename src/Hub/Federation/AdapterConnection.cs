using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Polly;
using Polly.CircuitBreaker;

namespace Hub.Federation;

/// <summary>
/// Everything the hub keeps for calling one adapter at one endpoint: the reused channel, the client,
/// the resilience pipeline and the state of its circuit breaker. Rebuilt when the adapter registers
/// another endpoint (see <see cref="AdapterConnections"/>).
/// </summary>
public sealed class AdapterConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private long _opened = long.MinValue;
    private int _called;

    internal AdapterConnection(string adapterId, string department, string endpoint, GrpcChannel channel,
        ResiliencePipeline<GetFacetResponse> pipeline, CircuitBreakerStateProvider breaker, LatencyWindow latency)
    {
        AdapterId = adapterId;
        Department = department;
        Endpoint = endpoint;
        _channel = channel;
        Client = new DepartmentAdapterService.DepartmentAdapterServiceClient(channel);
        Pipeline = pipeline;
        Breaker = breaker;
        Latency = latency;
    }

    /// <summary>The adapter's id.</summary>
    public string AdapterId { get; }

    /// <summary>Its department.</summary>
    public string Department { get; }

    /// <summary>The endpoint the channel talks to.</summary>
    public string Endpoint { get; }

    /// <summary>The client over the reused channel.</summary>
    public DepartmentAdapterService.DepartmentAdapterServiceClient Client { get; }

    /// <summary>Deadline, retry or hedging, and circuit breaker of this adapter.</summary>
    public ResiliencePipeline<GetFacetResponse> Pipeline { get; }

    /// <summary>The breaker's state.</summary>
    public CircuitBreakerStateProvider Breaker { get; }

    /// <summary>Recent latencies of the hub's calls to it (shared across endpoint changes).</summary>
    public LatencyWindow Latency { get; }

    /// <summary>When the breaker last opened, or null.</summary>
    public DateTimeOffset? OpenedAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _opened);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The breaker's state as the contract names it; unspecified until the first call.</summary>
    public BreakerState State => Volatile.Read(ref _called) == 0 ? BreakerState.Unspecified : Breaker.CircuitState switch
    {
        CircuitState.Closed => BreakerState.Closed,
        CircuitState.HalfOpen => BreakerState.HalfOpen,
        _ => BreakerState.Open,
    };

    internal void MarkCalled() => Volatile.Write(ref _called, 1);

    internal void MarkOpened(DateTimeOffset at) => Interlocked.Exchange(ref _opened, at.UtcTicks);

    /// <summary>Call metadata carrying the hub's credentials, when it has any.</summary>
    internal Metadata? Headers { get; init; }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
