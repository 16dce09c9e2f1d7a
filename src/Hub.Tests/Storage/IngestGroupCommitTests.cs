using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Ingest;
using Hub.Storage;
using Hub.Storage.Sqlite;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Storage;

/// <summary>
/// Ingest batches that wait for the write lock together are committed in one transaction (real SQLite file):
/// every batch and every adapter's checkpoint lands, and a batch that cannot be written fails alone.
/// </summary>
public sealed class IngestGroupCommitTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task BatchesWaitingForTheLock_AreWrittenInOneTransaction_WithEachCheckpoint()
    {
        var (store, ingest) = await OpenAsync();
        var adapters = new[] { "a1", "a2", "a3" };

        var commits = await WhileLockHeldAsync(store, ingest, adapters.Select(a => Batch(a, a + "-dep", 3, payload: [1, 2, 3])).ToList());
        await Task.WhenAll(commits);

        Assert.Equal(1, ingest.Transactions);
        foreach (var adapter in adapters)
            Assert.Equal(3, (await ingest.GetCheckpointAsync(adapter, default))!.Sequence);
        Assert.Equal(9L, await CountAsync(store, "SELECT count(*) FROM source_records"));
    }

    [Fact]
    public async Task ABatchThatCannotBeWritten_FailsAlone_TheOthersInItsGroupCommit()
    {
        var (store, ingest) = await OpenAsync();
        // A record without a department cannot be written: the shared transaction fails, and each batch is written
        // again alone, so only that batch's caller sees the error.
        var batches = new[] { Batch("good1", "dep-1", 2, payload: [7]), Batch("bad", null!, 2, payload: [9]), Batch("good2", "dep-3", 2, payload: [8]) };

        var commits = await WhileLockHeldAsync(store, ingest, batches);

        await commits[0];
        await Assert.ThrowsAsync<ArgumentNullException>(() => commits[1]);
        await commits[2];
        Assert.Equal(2, (await ingest.GetCheckpointAsync("good1", default))!.Sequence);
        Assert.Null(await ingest.GetCheckpointAsync("bad", default));
        Assert.Equal(2, (await ingest.GetCheckpointAsync("good2", default))!.Sequence);
        Assert.Equal(4L, await CountAsync(store, "SELECT count(*) FROM source_records"));
        Assert.Equal(2, ingest.Transactions);
    }

    [Fact]
    public async Task ABatchCancelledWhileWaitingForTheLock_IsNotWrittenLater()
    {
        var (store, ingest) = await OpenAsync();
        using var cancel = new CancellationTokenSource();
        Task cancelled, other;
        await using (await store.Writes.EnterAsync(default))
        {
            cancelled = ingest.CommitAsync(Batch("gone", "dep-1", 2, payload: [1]), [], DateTimeOffset.UtcNow, cancel.Token);
            other = ingest.CommitAsync(Batch("kept", "dep-2", 2, payload: [1]), [], DateTimeOffset.UtcNow, default);
            await Eventually.TrueAsync(() => Task.FromResult(ingest.Queued == 2), () => $"2 batches queued ({ingest.Queued})");
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }
        await other;

        Assert.Null(await ingest.GetCheckpointAsync("gone", default));
        Assert.Equal(2, (await ingest.GetCheckpointAsync("kept", default))!.Sequence);
        Assert.Equal(0L, await CountAsync(store, "SELECT count(*) FROM source_records WHERE department = 'dep-1'"));
    }

    [Fact]
    public async Task BatchesWaitingWhileAnIdentityChangeGetsTheLock_CommitInItsTransaction()
    {
        var (store, ingest) = await OpenAsync();
        var identity = new SqliteIdentityStore(store);
        var change = new IdentityChangeSet();
        change.NewResidents.Add("R-ride");
        change.Links.Add(new LinkRow("dep-1", "L1", "R-ride", LinkMethod.New, 0, null, DateTimeOffset.UtcNow, "test"));
        change.Events.Add(new EventRow(0, IdentityEventType.Linked, "R-ride", "", [("dep-1", "L1")], "test", "new", DateTimeOffset.UtcNow));
        Task<IReadOnlyList<long>> linked;
        Task[] commits;
        await using (await store.Writes.EnterAsync(default))
        {
            // The identity change queues for the lock first, so it gets it first and takes the batches queued behind it.
            linked = identity.ApplyAsync(change, DateTimeOffset.UtcNow, default);
            await Eventually.TrueAsync(() => Task.FromResult(store.Writes.Waiting == 1), () => $"the identity change waiting ({store.Writes.Waiting})");
            commits = [ingest.CommitAsync(Batch("a1", "dep-1", 2, payload: [1]), [], DateTimeOffset.UtcNow, default),
                ingest.CommitAsync(Batch("a2", "dep-2", 2, payload: [2]), [], DateTimeOffset.UtcNow, default)];
            await Eventually.TrueAsync(() => Task.FromResult(ingest.Queued == 2 && store.Writes.Waiting == 3),
                () => $"2 batches queued ({ingest.Queued}), 3 waiting ({store.Writes.Waiting})");
        }
        await Task.WhenAll(commits);

        Assert.Single(await linked);
        Assert.Equal(0, ingest.Transactions);
        Assert.Equal(2, (await ingest.GetCheckpointAsync("a1", default))!.Sequence);
        Assert.Equal(2, (await ingest.GetCheckpointAsync("a2", default))!.Sequence);
        Assert.Equal(4L, await CountAsync(store, "SELECT count(*) FROM source_records"));
        Assert.Equal("R-ride", (await identity.GetLinkAsync("dep-1", "L1", default))!.ResidentId);
    }

    private async Task<(SqliteHubStore Store, SqliteIngestStore Ingest)> OpenAsync()
    {
        var store = new SqliteHubStore(Path.Combine(_folder.Path, "hub.db"), "full", 5, TimeProvider.System);
        await store.MigrateAsync(default);
        return (store, new SqliteIngestStore(store));
    }

    // Starts one CommitAsync per batch while the test holds the write lock, waits until all are queued, then lets them run.
    private static async Task<Task[]> WhileLockHeldAsync(SqliteHubStore store, SqliteIngestStore ingest, IReadOnlyList<IReadOnlyList<IngestCommit>> batches)
    {
        Task[] commits;
        await using (await store.Writes.EnterAsync(default))
        {
            commits = batches.Select(b => ingest.CommitAsync(b, [], DateTimeOffset.UtcNow, default)).ToArray();
            await Eventually.TrueAsync(() => Task.FromResult(ingest.Queued == batches.Count), () => $"{batches.Count} batches queued ({ingest.Queued})");
        }
        return commits;
    }

    private static IReadOnlyList<IngestCommit> Batch(string adapter, string department, int records, byte[] payload) =>
        Enumerable.Range(1, records).Select(i => new IngestCommit(adapter, department, $"L{i}", i, $"t{i}", 1, IngestOutcome.Accepted, false,
            payload, "", [])).ToList();

    private static async Task<long> CountAsync(SqliteHubStore store, string sql)
    {
        await using var connection = await store.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
