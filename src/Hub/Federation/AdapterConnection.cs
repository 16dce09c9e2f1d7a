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
    private long _blockedUntil = long.MinValue;
    private string _refusal = "";
    private int _called;

    internal AdapterConnection(string adapterId, string department, string endpoint, GrpcChannel channel,
        ResiliencePipeline<Facet> pipeline, CircuitBreakerStateProvider breaker, LatencyWindow latency)
    {
        AdapterId = adapterId;
        Department = department;
        Endpoint = endpoint;
        _channel = channel;
        Invoker = channel.CreateCallInvoker();
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

    /// <summary>Calls over the reused channel (facet reads go through <see cref="FacetWire.GetFacet"/>).</summary>
    public CallInvoker Invoker { get; }

    /// <summary>Deadline, retry or hedging, and circuit breaker of this adapter.</summary>
    public ResiliencePipeline<Facet> Pipeline { get; }

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

    /// <summary>
    /// Called by the breaker when it opens: from <paramref name="at"/> until <paramref name="until"/> it
    /// refuses every call, so the hub can answer for this adapter without entering the pipeline.
    /// </summary>
    internal void MarkOpened(DateTimeOffset at, DateTimeOffset until)
    {
        // The detail is built once per opening, not once per refused read.
        Volatile.Write(ref _refusal, $"circuit breaker of adapter {AdapterId} open since {at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)}");
        Interlocked.Exchange(ref _opened, at.UtcTicks);
        Interlocked.Exchange(ref _blockedUntil, until.UtcTicks);
    }

    /// <summary>
    /// Why a call made at <paramref name="now"/> would be refused by the open breaker, or null when it must go
    /// through the pipeline: the breaker is closed or half-open, or its break is over and the next call is the
    /// trial that Polly lets through (only Polly moves the breaker to half-open, on a call).
    /// </summary>
    internal string? Refusal(DateTimeOffset now) =>
        now.UtcTicks < Interlocked.Read(ref _blockedUntil) && Breaker.CircuitState == CircuitState.Open ? Volatile.Read(ref _refusal) : null;

    /// <summary>Call metadata carrying the hub's credentials, when it has any.</summary>
    internal Metadata? Headers { get; init; }

    /// <summary>Whether the caller's trace context goes on to this adapter (<c>Hub:Federation:PropagateTraceContext</c>).</summary>
    internal bool PropagateTraceContext { get; init; }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
