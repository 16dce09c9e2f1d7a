using System.Globalization;
using Grpc.Core;
using Hub.Contracts.V1;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Hub.Federation;

/// <summary>
/// Reads one department's facet live from its adapter, through that adapter's pipeline, and turns
/// every way it can end into a <see cref="FacetOutcome"/>: a failing department never fails the read.
/// Mapping of the adapter's codes (see adapter.proto): OK, NOT_FOUND → NOT_LINKED,
/// PERMISSION_DENIED → DENIED, DEADLINE_EXCEEDED or the hub's own deadline → TIMED_OUT,
/// anything else, an open breaker included → UNAVAILABLE.
/// </summary>
public sealed class FacetFetcher(AdapterDirectory directory, AdapterConnections connections, TimeProvider time)
{
    /// <summary>
    /// Asks the best adapter of the department: one that is not stale and whose breaker is not open, the
    /// freshest heartbeat first. <paramref name="deadline"/> is the facet's absolute deadline.
    /// </summary>
    public async Task<FacetOutcome> FetchAsync(IReadOnlyList<AdapterRegistration> adapters, GetFacetRequest request, DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        if (adapters.Count == 0)
            return FacetOutcome.NotAsked(FacetStatus.Unavailable, "no adapter serving facets is registered for this department");
        var adapter = Choose(adapters);
        var connection = connections.For(adapter);
        if (deadline <= time.GetUtcNow())
            return FacetOutcome.NotAsked(FacetStatus.TimedOut, "no time left for this department within the caller's deadline");

        var started = time.GetTimestamp();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(FacetPipeline.DeadlineKey, deadline);
        connection.MarkCalled();
        try
        {
            var response = await connection.Pipeline.ExecuteAsync(static async (ctx, state) =>
                await state.Connection.Client.GetFacetAsync(state.Request, state.Connection.Headers,
                    deadline: state.Deadline.UtcDateTime, cancellationToken: ctx.CancellationToken), context,
                (Connection: connection, Request: request, Deadline: deadline));
            return Done(FacetStatus.Ok, "", response);
        }
        catch (BrokenCircuitException)
        {
            var since = connection.OpenedAt is { } at ? " since " + at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : "";
            // Not asked: the latency is the time it took to decide that, not a call.
            return FacetOutcome.NotAsked(FacetStatus.Unavailable, $"circuit breaker of adapter {adapter.AdapterId} open{since}")
                with { AdapterId = adapter.AdapterId };
        }
        catch (TimeoutRejectedException)
        {
            return Done(FacetStatus.TimedOut, $"adapter {adapter.AdapterId} did not answer within {Ms(time.GetElapsedTime(started))}", null);
        }
        catch (RpcException ex)
        {
            var status = ex.StatusCode switch
            {
                StatusCode.NotFound => FacetStatus.NotLinked,
                StatusCode.PermissionDenied => FacetStatus.Denied,
                StatusCode.DeadlineExceeded => FacetStatus.TimedOut,
                _ => FacetStatus.Unavailable,
            };
            var detail = ex.StatusCode == StatusCode.DeadlineExceeded
                ? $"adapter {adapter.AdapterId} did not answer within {Ms(time.GetElapsedTime(started))}"
                : $"adapter {adapter.AdapterId} answered {ex.StatusCode}: {ex.Status.Detail}";
            return Done(status, detail, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The gRPC deadline fired a hair before Polly's timeout.
            return Done(FacetStatus.TimedOut, $"adapter {adapter.AdapterId} did not answer within {Ms(time.GetElapsedTime(started))}", null);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        FacetOutcome Done(FacetStatus status, string detail, GetFacetResponse? response)
        {
            var latency = time.GetElapsedTime(started);
            connection.Latency.Record(latency);
            return new FacetOutcome(status, detail, response, latency, adapter.AdapterId);
        }
    }

    private AdapterRegistration Choose(IReadOnlyList<AdapterRegistration> adapters)
    {
        if (adapters.Count == 1)
            return adapters[0];
        foreach (var a in adapters)
        {
            if (!directory.IsStale(a) && connections.Find(a.AdapterId)?.Breaker.CircuitState is not (CircuitState.Open or CircuitState.Isolated))
                return a;
        }
        return adapters[0];
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
