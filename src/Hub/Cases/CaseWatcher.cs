using System.Runtime.CompilerServices;
using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>
/// One watcher's event stream: events after the cursor from the store, then live ones from memory, each exactly
/// once and in cursor order. Live events are buffered from before the store is read, so none falls in between;
/// those already read from the store are skipped by sequence.
/// </summary>
public sealed class CaseWatcher(ICaseStore store, CaseEventFeed feed)
{
    /// <summary>Events read from the store per query while catching up.</summary>
    public const int CatchUpPage = 500;

    /// <summary>Most events handed over at once from the live buffer.</summary>
    public const int LiveBatch = 256;

    /// <summary>
    /// Events passing <paramref name="filter"/> after <paramref name="after"/> (a sequence number), or from now on
    /// when it is null, until cancelled. Events come in batches of what is ready, so a writer can flush once
    /// per batch instead of once per event.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<CaseEvent>> WatchAsync(WatchFilter filter, long? after,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long cursor = -1;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var live = feed.Subscribe(filter);
            if (cursor < 0)
                cursor = after ?? await store.LastSequenceAsync(cancellationToken);
            // Catch up from the store.
            while (true)
            {
                var (events, lastScanned) = await store.ReadEventsAsync(cursor, CatchUpPage, filter.Matches, cancellationToken);
                if (events.Count > 0)
                    yield return events;
                if (lastScanned == cursor)
                    break;
                cursor = lastScanned;
            }
            // Then live, skipping what the store already gave.
            while (await live.Events.WaitToReadAsync(cancellationToken))
            {
                var batch = new List<CaseEvent>();
                while (batch.Count < LiveBatch && live.Events.TryRead(out var e))
                {
                    var sequence = Sequence(e);
                    if (sequence <= cursor)
                        continue;
                    batch.Add(e);
                    cursor = sequence;
                }
                if (batch.Count > 0)
                    yield return batch;
            }
            if (!live.Overflowed)
                yield break;
        }
    }

    private static long Sequence(CaseEvent e) => CaseCursor.TryParse(e.Cursor, out var s) ? s : 0;
}
