using System.Globalization;
using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>
/// Mirrors the cases of the adapter's department into its system: a WatchCases stream filtered by the
/// department, resumed from the cursor in the local state. The cursor moves only after the plugin has
/// committed the event, so a crash re-delivers at most the events after the last saved cursor, and
/// the plugin's write (idempotent by case id + event sequence) makes the repeat harmless.
/// </summary>
public sealed class CaseMirror(IDepartmentAdapter adapter, HubConnection hub, LocalState state, ILogger<CaseMirror> logger)
{
    private long _applied;

    /// <summary>Events applied since the host started.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Watches and applies until <paramref name="stoppingToken"/> is cancelled; reconnects with backoff after any failure.</summary>
    public async Task RunAsync(ICaseReceiver receiver, CancellationToken stoppingToken)
    {
        var client = new CaseService.CaseServiceClient(hub.Channel);
        await hub.Retry.ExecuteAsync(async ct =>
        {
            // A first start reads the department's whole history ("0"), so cases routed before the adapter existed arrive too.
            var cursor = state.CaseCursor is { Length: > 0 } saved ? saved : "0";
            using var call = client.WatchCases(new WatchCasesRequest { Department = adapter.Department, Cursor = cursor }, hub.Call(ct));
            logger.LogInformation("Case stream open for {Department} after cursor {Cursor}", adapter.Department, cursor);
            while (await call.ResponseStream.MoveNext(ct))
            {
                var e = call.ResponseStream.Current.Event;
                var sequence = long.Parse(e.Cursor, CultureInfo.InvariantCulture);
                await receiver.ApplyAsync(e, sequence, ct);
                state.SetCaseCursor(e.Cursor);
                Interlocked.Increment(ref _applied);
                logger.LogDebug("Case event {Cursor} ({Type}) of {CaseId} applied", e.Cursor, e.Type, e.CaseId);
            }
            // The hub ended the stream (shutting down): the retry opens it again.
            throw new RpcException(new Status(StatusCode.Unavailable, "the hub ended the case stream"));
        }, stoppingToken);
    }
}
