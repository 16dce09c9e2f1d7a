using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Hub.Contracts.V1;
using Polly;
using Polly.CircuitBreaker;

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
        var now = time.GetUtcNow();
        if (deadline <= now)
            return FacetOutcome.NotAsked(FacetStatus.TimedOut, "no time left for this department within the caller's deadline");
        connection.MarkCalled();
        // An open breaker answers here, before the pipeline: no context, no task, no exception, no timer per read.
        if (connection.Refusal(now) is { } refusal)
            return new FacetOutcome(FacetStatus.Unavailable, refusal, null, TimeSpan.Zero, adapter.AdapterId);

        var started = time.GetTimestamp();
        // The caller's request runs under an Activity (ASP.NET Core starts one per request), and with a current Activity the
        // gRPC client starts one more per call, with tags, id and clock reads, four times per resident read. Unless the
        // trace context is to reach the adapters, the facet reads run without it (this async method's copy only).
        if (!connection.PropagateTraceContext)
            Activity.Current = null;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        Outcome<Facet> outcome;
        try
        {
            // Outcomes, not exceptions, through the pipeline: a failure is thrown once, by the gRPC call, and caught right there.
            outcome = await connection.Pipeline.ExecuteOutcomeAsync(static async (ctx, state) =>
            {
                try
                {
                    return Outcome.FromResult(await state.Connection.Invoker.AsyncUnaryCall(FacetWire.GetFacet, null,
                        new CallOptions(state.Connection.Headers, state.Deadline, ctx.CancellationToken), state.Request));
                }
                catch (Exception ex)
                {
                    // The pipeline expects outcomes from this callback, never a throw.
                    return Outcome.FromException<Facet>(ex);
                }
            }, context, (Connection: connection, Request: request, Deadline: deadline.UtcDateTime));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        switch (outcome.Exception)
        {
            case null:
                return Done(FacetStatus.Ok, "", outcome.Result);
            case BrokenCircuitException:
                // Refused by Polly itself: the breaker opened a moment ago (before this connection learned until
                // when), or it is half-open and another read is the trial call. Not asked: zero latency, no call.
                var reason = connection.Refusal(time.GetUtcNow()) ?? $"circuit breaker of adapter {adapter.AdapterId} open";
                return new FacetOutcome(FacetStatus.Unavailable, reason, null, TimeSpan.Zero, adapter.AdapterId);
            case RpcException { StatusCode: StatusCode.Cancelled } when cancellationToken.IsCancellationRequested:
                throw new OperationCanceledException(cancellationToken);
            case RpcException ex:
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
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                throw new OperationCanceledException(cancellationToken);
            case var other:
                return Done(FacetStatus.Unavailable, $"adapter {adapter.AdapterId} failed: {other.GetType().Name}: {other.Message}", null);
        }

        FacetOutcome Done(FacetStatus status, string detail, Facet? answer)
        {
            var latency = time.GetElapsedTime(started);
            connection.Latency.Record(latency);
            return new FacetOutcome(status, detail, answer, latency, adapter.AdapterId);
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
