using Google.Protobuf.WellKnownTypes;
using Hub.Cases;
using Hub.Contracts.V1;
using Hub.Storage;
using Hub.Storage.Sqlite;
using Hub.Tests.Helpers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Tests.Cases;

/// <summary>The watcher over a real SQLite store: a watcher that falls behind is cut loose and still gets everything.</summary>
public sealed class CaseWatcherTests
{
    [Fact]
    public async Task WatchAsync_SlowWatcherOverflowsItsBuffer_CatchesUpFromStoreExactlyOnce()
    {
        using var folder = new TempFolder();
        var hubStore = new SqliteHubStore(Path.Combine(folder.Path, "hub.db"), "normal", 30, TimeProvider.System);
        await hubStore.MigrateAsync(CancellationToken.None);
        await using var store = new SqliteCaseStore(hubStore, NullLogger<SqliteCaseStore>.Instance);
        var feed = new CaseEventFeed(store, bufferPerWatcher: 4);
        var watcher = new CaseWatcher(store, feed);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await InsertAsync(store, 0);

        await using var batches = watcher.WatchAsync(new WatchFilter("", "", []), after: 0, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await batches.MoveNextAsync());
        var sequences = batches.Current.Select(e => long.Parse(e.Cursor)).ToList();
        // The watcher is subscribed and reads nothing while 49 more cases commit: its buffer of 4 overflows.
        await Task.WhenAll(Enumerable.Range(1, 49).Select(i => InsertAsync(store, i)));
        // Commits are handed to the feed after the writer returns; wait until they reached the idle watcher.
        await Eventually.TrueAsync(() => Task.FromResult(feed.Overflows > 0), "the slow watcher's buffer overflows");
        while (sequences.Count < 50 && await batches.MoveNextAsync())
            sequences.AddRange(batches.Current.Select(e => long.Parse(e.Cursor)));

        Assert.True(feed.Overflows > 0, "the slow watcher should have overflowed its buffer");
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), sequences);
    }

    private static Task InsertAsync(ICaseStore store, int i)
    {
        var now = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow());
        var c = new Case
        {
            CaseId = $"C{i}", RequestId = $"r{i}", State = CaseState.Reported, Version = 1,
            Category = new CodedValue { Dictionary = "case-category", Code = "0102" }, CreateTime = now, UpdateTime = now,
        };
        var e = new CaseEvent { CaseId = c.CaseId, Type = CaseEventType.Submitted, ToState = CaseState.Reported, CaseVersion = 1, Snapshot = c };
        return store.InsertAsync(new NewCase("test", c.RequestId, "h", c, [e], null), CancellationToken.None);
    }
}
