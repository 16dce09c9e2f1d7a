namespace Hub.Identity;

/// <summary>
/// Group commit: change sets are written by one writer, in the order they were matched, and plain
/// ingest change sets that queue up while a transaction is being written go into the next one
/// together. Matching the next records overlaps with committing the previous ones, and a busy hub
/// (several adapters pushing) writes fewer, larger transactions: the random-key index pages a
/// transaction dirties are shared by more records. Every caller still returns only after its own
/// change is committed.
/// </summary>
public sealed partial class IdentityEngine
{
    /// <summary>Most links one group transaction takes (a change set larger than this goes alone).</summary>
    public const int MaxLinksPerGroup = 20_000;

    private readonly Lock _queueLock = new();
    private List<PendingCommit> _queue = [];
    private bool _writing;
    private Task _tail = Task.CompletedTask;
    private long _epoch;
    private volatile bool _rebuildIndex;

    private sealed record PendingCommit(IdentityChangeSet Changes, DateTimeOffset Now, long Epoch, TaskCompletionSource<IReadOnlyList<long>> Done)
    {
        // Admin operations (merges, removals, remembered responses) are written alone; ingest change sets may share a transaction.
        public bool Groupable => Changes.Request is null && Changes.Merges.Count == 0 && Changes.RemovedLinks.Count == 0;
    }

    /// <summary>
    /// Called with the gate held, before the index is read: rebuilds the index when a queued change
    /// failed to commit, and returns the epoch the change being prepared belongs to. The epoch is read
    /// before the flag: a writer raises the flag before it moves the epoch on, so a caller that sees the
    /// new epoch also sees the flag.
    /// </summary>
    private async Task<long> BeginChangeAsync(CancellationToken cancellationToken)
    {
        var epoch = Interlocked.Read(ref _epoch);
        if (_rebuildIndex)
        {
            _rebuildIndex = false;
            _index = await BuildIndexAsync(cancellationToken);
        }
        return epoch;
    }

    /// <summary>Called with the gate held: waits until every queued change is committed (or has failed), so the store is current.</summary>
    private async Task QueueDrainedAsync()
    {
        try
        {
            await _tail;
        }
        catch (Exception)
        {
            // The failed change was reported to its own caller; this one only needed the queue empty.
        }
    }

    /// <summary>Queues a change set behind those matched before it (call with the gate held); completes when it is committed.</summary>
    private Task<IReadOnlyList<long>> Enqueue(IdentityChangeSet changes, DateTimeOffset now, long epoch)
    {
        var pending = new PendingCommit(changes, now, epoch, new TaskCompletionSource<IReadOnlyList<long>>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_queueLock)
        {
            _queue.Add(pending);
            start = !_writing;
            _writing = true;
        }
        _tail = pending.Done.Task;
        if (start)
            _ = Task.Run(WriteQueueAsync);
        return pending.Done.Task;
    }

    private async Task WriteQueueAsync()
    {
        while (true)
        {
            List<PendingCommit> queued;
            lock (_queueLock)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }
                queued = _queue;
                _queue = [];
            }
            var start = 0;
            while (start < queued.Count)
            {
                var count = GroupLength(queued, start);
                await WriteGroupAsync(queued.GetRange(start, count));
                start += count;
            }
        }
    }

    // How many change sets from `start` go into one transaction: one that cannot be grouped goes alone.
    private static int GroupLength(List<PendingCommit> queued, int start)
    {
        if (!queued[start].Groupable)
            return 1;
        var links = queued[start].Changes.Links.Count;
        var end = start + 1;
        while (end < queued.Count && queued[end].Groupable && links + queued[end].Changes.Links.Count <= MaxLinksPerGroup)
            links += queued[end++].Changes.Links.Count;
        return end - start;
    }

    private async Task WriteGroupAsync(List<PendingCommit> group)
    {
        var epoch = Interlocked.Read(ref _epoch);
        var live = new List<PendingCommit>(group.Count);
        foreach (var pending in group)
        {
            if (pending.Epoch == epoch)
                live.Add(pending);
            else
                pending.Done.TrySetException(new InvalidOperationException(
                    "Identity change not committed: a change it was matched after failed to commit; the matching index is rebuilt, retry."));
        }
        if (live.Count == 0)
            return;
        var changes = live.Count == 1 ? live[0].Changes : Combine(live);
        IReadOnlyList<long> sequences;
        try
        {
            sequences = await store.ApplyAsync(changes, live[^1].Now, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The index already holds changes the store refused: rebuild it before the next change,
            // and fail everything matched against it (flag first, then the epoch; see BeginChangeAsync).
            logger.LogError(ex, "Identity change of {Records} record(s) not committed; the matching index is rebuilt from the store", changes.Links.Count);
            _rebuildIndex = true;
            Interlocked.Increment(ref _epoch);
            foreach (var pending in live)
                pending.Done.TrySetException(ex);
            return;
        }
        var offset = 0;
        foreach (var pending in live)
        {
            var count = pending.Changes.Events.Count;
            pending.Done.TrySetResult(count == 0 ? [] : sequences.Skip(offset).Take(count).ToList());
            offset += count;
        }
    }

    // One change set doing what the given ones do in order. Sound for groupable sets: the store writes
    // residents, links, events and reviews in list order, and later upserts of the same key win.
    private static IdentityChangeSet Combine(List<PendingCommit> group)
    {
        var combined = new IdentityChangeSet();
        foreach (var c in group.Select(p => p.Changes))
        {
            combined.NewResidents.AddRange(c.NewResidents);
            combined.Links.AddRange(c.Links);
            combined.Events.AddRange(c.Events);
            combined.Reviews.AddRange(c.Reviews);
            combined.StaleCacheKeys.UnionWith(c.StaleCacheKeys);
        }
        return combined;
    }
}
