using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.Hosting;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Hub.Federation;

/// <summary>
/// One <see cref="AdapterConnection"/> per adapter: a single channel per endpoint, reused by every
/// call, and a circuit breaker of its own. When an adapter registers a new endpoint the connection
/// is rebuilt (a new breaker: the old failures were the old endpoint's) and the old channel is closed
/// once calls still in flight on it have had their deadline.
/// </summary>
public sealed class AdapterConnections(IOptions<HubOptions> options, TimeProvider time, ILogger<AdapterConnections> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, AdapterConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LatencyWindow> _latency = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly FederationOptions _options = options.Value.Federation;

    /// <summary>The connection for the adapter's registered endpoint, built on first use.</summary>
    public AdapterConnection For(AdapterRegistration adapter)
    {
        if (_connections.TryGetValue(adapter.AdapterId, out var existing) && existing.Endpoint == adapter.Endpoint)
            return existing;
        lock (_lock)
        {
            if (_connections.TryGetValue(adapter.AdapterId, out existing) && existing.Endpoint == adapter.Endpoint)
                return existing;
            var connection = Build(adapter);
            _connections[adapter.AdapterId] = connection;
            if (existing is not null)
            {
                logger.LogInformation("Adapter {AdapterId} moved from {Old} to {New}: new channel and breaker",
                    adapter.AdapterId, existing.Endpoint, adapter.Endpoint);
                _ = RetireAsync(existing);
            }
            return connection;
        }
    }

    /// <summary>The connection of an adapter if one was built, else null.</summary>
    public AdapterConnection? Find(string adapterId) => _connections.GetValueOrDefault(adapterId);

    /// <summary>All connections built so far.</summary>
    public IReadOnlyCollection<AdapterConnection> All => _connections.Values.ToList();

    private AdapterConnection Build(AdapterRegistration adapter)
    {
        var handler = new SocketsHttpHandler
        {
            // Many concurrent facet reads to one adapter: more than one HTTP/2 connection when streams run out.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            // Without a propagator the handler leaves out its diagnostics stage altogether (see PropagateTraceContext).
            ActivityHeadersPropagator = _options.PropagateTraceContext ? System.Diagnostics.DistributedContextPropagator.Current : null,
        };
        var channel = GrpcChannel.ForAddress(adapter.Endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // The facet deadline is the call's own gRPC deadline: when it passes the call fails with DEADLINE_EXCEEDED
            // (an adapter failure to the breaker), and when the caller goes away with CANCELLED (not one).
            ThrowOperationCanceledOnCancellation = false,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        var latency = _latency.GetOrAdd(adapter.AdapterId, _ => new LatencyWindow(_options.LatencyWindow, time));
        var breaker = new CircuitBreakerStateProvider();
        AdapterConnection? built = null;
        var pipeline = FacetPipeline.Build(adapter.AdapterId, _options, time, breaker, (opened, until) =>
        {
            built?.MarkOpened(opened, until);
            logger.LogWarning("Circuit breaker of adapter {AdapterId} ({Department}) opened for {Break}", adapter.AdapterId,
                adapter.Department, _options.Breaker.BreakDuration);
        }, () => logger.LogInformation("Circuit breaker of adapter {AdapterId} ({Department}) closed", adapter.AdapterId, adapter.Department));
        Metadata? headers = _options.AdapterApiKey.Length == 0 ? null : new Metadata { { "authorization", "Bearer " + _options.AdapterApiKey } };
        built = new AdapterConnection(adapter.AdapterId, adapter.Department, adapter.Endpoint, channel, pipeline, breaker, latency)
        {
            Headers = headers,
            PropagateTraceContext = _options.PropagateTraceContext,
        };
        return built;
    }

    private async Task RetireAsync(AdapterConnection old)
    {
        try
        {
            await Task.Delay(_options.FacetTimeout + TimeSpan.FromSeconds(1), time);
        }
        finally
        {
            old.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in _connections.Values)
            c.Dispose();
        _connections.Clear();
    }
}
