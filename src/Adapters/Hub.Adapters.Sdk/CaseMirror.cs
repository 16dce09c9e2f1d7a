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
        await hub.RetryAsync("Case stream", async ct =>
        {
            // A first start reads the department's whole history ("0"), so cases routed before the adapter existed arrive too.
            var cursor = state.CaseCursor is { Length: > 0 } saved ? saved : "0";
            using var call = client.WatchCases(new WatchCasesRequest { Department = adapter.Department, Cursor = cursor }, hub.Call(ct));
            logger.LogInformation("Case stream open for {Department} after cursor {Cursor}", adapter.Department, cursor);
            while (await NextAsync(call.ResponseStream, cursor, ct))
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

    // The hub refuses a saved cursor it never gave out (its store was replaced, or the state file edited): retrying
    // it would fail forever, so the mirror forgets it and watches the department's whole history again. Applying
    // is idempotent by case id + event sequence, so events already mirrored are not written twice.
    private async Task<bool> NextAsync(IAsyncStreamReader<WatchCasesResponse> stream, string cursor, CancellationToken ct)
    {
        try
        {
            return await stream.MoveNext(ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument && cursor != "0")
        {
            logger.LogError("The hub refused the saved case cursor {Cursor} ({Detail}); watching the department's cases again from the start",
                cursor, e.Status.Detail);
            state.SetCaseCursor("");
            throw;
        }
    }
}
