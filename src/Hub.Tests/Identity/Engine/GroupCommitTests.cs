using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Storage;

namespace Hub.Tests.Identity.Engine;

/// <summary>The identity engine's group commit, on a real SQLite store.</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly SqliteIdentityEngine _hub = new();
    private SqliteHubStore _sqlite = null!;
    private GatedIdentityStore _store = null!;
    private IdentityEngine _engine = null!;

    public async Task InitializeAsync()
    {
        await _hub.InitializeAsync();
        (_sqlite, _store, _engine) = (_hub.Sqlite, _hub.Store, _hub.Engine);
    }

    public Task DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task IngestAsync_CallersQueuedBehindACommit_WrittenTogetherInOneTransaction()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Release = release;
        var first = _engine.IngestAsync([Record("household", "h-0", 0)], "test", CancellationToken.None);
        await _store.CommitStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Matched while the first transaction is held open: each call queues and waits for its own commit.
        var queued = Enumerable.Range(1, 6).Select(i => _engine.IngestAsync([Record("household", $"h-{i}", i)], "test", CancellationToken.None)).ToList();
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        release.SetResult();

        var results = await Task.WhenAll(queued.Prepend(first)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, _store.Applies);
        for (var i = 0; i < results.Length; i++)
        {
            var link = await _store.GetLinkAsync("household", $"h-{i}", CancellationToken.None);
            Assert.NotNull(link);
            Assert.Equal(results[i][0].ResidentId, link.ResidentId);
            Assert.NotNull(await _store.GetResidentAsync(link.ResidentId, CancellationToken.None));
        }
        // Every record's event is stored once, against its resident.
        Assert.All(results, r => Assert.Single(_store.EventsOfAsync(r[0].ResidentId, CancellationToken.None).Result));
    }

    [Fact]
    public async Task IngestAsync_CommitFails_ChangesMatchedAfterItFailTooAndLaterOnesLinkAgainstTheStore()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Release = release;
        _store.FailNext = new IOException("disk full");
        var failing = _engine.IngestAsync([Record("household", "h-1", 1)], "test", CancellationToken.None);
        await _store.CommitStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The same person from another department, matched against the resident the failing commit was creating.
        var dependent = _engine.IngestAsync([Record("civil-affairs", "c-1", 1)], "test", CancellationToken.None);
        release.SetResult();

        await Assert.ThrowsAsync<IOException>(() => failing.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => dependent.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(await _store.GetLinkAsync("civil-affairs", "c-1", CancellationToken.None));

        // The next change finds the index rebuilt from the store: the record is new again, and its resident exists.
        var again = (await _engine.IngestAsync([Record("civil-affairs", "c-1", 1)], "test", CancellationToken.None))[0];
        Assert.Equal(Decision.New, again.Decision);
        Assert.Equal(1, _engine.IndexedRecords);
        Assert.NotNull(await _store.GetResidentAsync(again.ResidentId, CancellationToken.None));
        Assert.Equal(again.ResidentId, (await _store.GetLinkAsync("civil-affairs", "c-1", CancellationToken.None))!.ResidentId);
    }

    private static (string, string, PersonRecord) Record(string department, string localId, int person) =>
        StoredRecords.Record(department, localId, person);
}
