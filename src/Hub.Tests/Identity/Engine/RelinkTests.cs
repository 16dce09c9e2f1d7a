using Hub.Contracts.V1;
using Hub.Hosting;
using Hub.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Identity.Engine;

/// <summary>
/// Records stored by ingest whose identity step failed are linked (or unlinked) again while the hub runs,
/// on a real SQLite store; the failure is injected into the identity store's commit.
/// </summary>
public sealed class RelinkTests : IAsyncLifetime
{
    private readonly SqliteIdentityEngine _hub = new();

    public Task InitializeAsync() => _hub.InitializeAsync();

    public Task DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task IngestAsync_CommitFails_RecordsRememberedThenRelinkedIntoOneResident()
    {
        await StoredRecords.PutAsync(_hub.Sqlite.Location, ("household", "h-1", false), ("civil-affairs", "c-1", false));
        _hub.Store.FailNext = new IOException("disk full");

        await Assert.ThrowsAsync<IOException>(() => _hub.Engine.IngestAsync(
            [StoredRecords.Record("household", "h-1", 1), StoredRecords.Record("civil-affairs", "c-1", 1)], "ingest:test", CancellationToken.None));
        Assert.Equal(2, _hub.Engine.Unsettled);
        Assert.Null(await _hub.Store.GetLinkAsync("household", "h-1", CancellationToken.None));

        Assert.Equal(2, await _hub.Engine.RelinkAsync(CancellationToken.None));

        Assert.Equal(0, _hub.Engine.Unsettled);
        var household = await _hub.Store.GetLinkAsync("household", "h-1", CancellationToken.None);
        var civil = await _hub.Store.GetLinkAsync("civil-affairs", "c-1", CancellationToken.None);
        Assert.NotNull(household);
        Assert.Equal(household.ResidentId, civil?.ResidentId);
        Assert.Equal("hub", household.CreatedBy);
        Assert.Equal(2, _hub.Engine.IndexedRecords);
    }

    [Fact]
    public async Task RelinkAsync_RecordLinkedMeanwhile_LeftAsItIs()
    {
        await StoredRecords.PutAsync(_hub.Sqlite.Location, ("household", "h-1", false));
        _hub.Store.FailNext = new IOException("disk full");
        await Assert.ThrowsAsync<IOException>(() => _hub.Engine.IngestAsync([StoredRecords.Record("household", "h-1", 1)], "ingest:test", CancellationToken.None));
        // The adapter sent it again with a newer version, which was linked the normal way.
        var resident = (await _hub.Engine.IngestAsync([StoredRecords.Record("household", "h-1", 1)], "ingest:test", CancellationToken.None))[0].ResidentId;

        Assert.Equal(0, await _hub.Engine.RelinkAsync(CancellationToken.None));

        Assert.Equal(0, _hub.Engine.Unsettled);
        Assert.Equal("ingest:test", (await _hub.Store.GetLinkAsync("household", "h-1", CancellationToken.None))?.CreatedBy);
        Assert.Single(await _hub.Store.EventsOfAsync(resident, CancellationToken.None), e => e.Type == IdentityEventType.Linked);
    }

    [Fact]
    public async Task RelinkAsync_FailsAgain_KeepsTheRecordsForTheNextRound()
    {
        await StoredRecords.PutAsync(_hub.Sqlite.Location, ("household", "h-1", false));
        _hub.Store.FailNext = new IOException("disk full");
        await Assert.ThrowsAsync<IOException>(() => _hub.Engine.IngestAsync([StoredRecords.Record("household", "h-1", 1)], "ingest:test", CancellationToken.None));
        _hub.Store.FailNext = new IOException("still full");

        await Assert.ThrowsAsync<IOException>(() => _hub.Engine.RelinkAsync(CancellationToken.None));
        Assert.Equal(1, _hub.Engine.Unsettled);

        Assert.Equal(1, await _hub.Engine.RelinkAsync(CancellationToken.None));
        Assert.NotNull(await _hub.Store.GetLinkAsync("household", "h-1", CancellationToken.None));
    }

    [Fact]
    public async Task ForgetDeletedAsync_CommitFails_RelinkRemovesTheLinkOfTheDeletedRecord()
    {
        await _hub.Engine.IngestAsync([StoredRecords.Record("household", "h-1", 1)], "ingest:test", CancellationToken.None);
        await StoredRecords.PutAsync(_hub.Sqlite.Location, ("household", "h-1", true));
        _hub.Store.FailNext = new IOException("disk full");

        await Assert.ThrowsAsync<IOException>(() => _hub.Engine.ForgetDeletedAsync([("household", "h-1")], "ingest:test", "deleted at its source",
            CancellationToken.None));
        Assert.NotNull(await _hub.Store.GetLinkAsync("household", "h-1", CancellationToken.None));

        Assert.Equal(1, await _hub.Engine.RelinkAsync(CancellationToken.None));

        Assert.Null(await _hub.Store.GetLinkAsync("household", "h-1", CancellationToken.None));
        Assert.Equal(0, _hub.Engine.IndexedRecords);
    }

    [Fact]
    public async Task IngestAsync_CancelledBeforeItsTurn_RecordsRemembered()
    {
        await StoredRecords.PutAsync(_hub.Sqlite.Location, ("household", "h-1", false));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _hub.Engine.IngestAsync([StoredRecords.Record("household", "h-1", 1)], "ingest:test", cancelled.Token));

        Assert.Equal(1, _hub.Engine.Unsettled);
        Assert.Equal(1, await _hub.Engine.RelinkAsync(CancellationToken.None));
        Assert.NotNull(await _hub.Store.GetLinkAsync("household", "h-1", CancellationToken.None));
    }

    [Fact]
    public async Task IdentityRelinker_OnEachInterval_SettlesWhatFailed()
    {
        await StoredRecords.PutAsync(_hub.Sqlite.Location, ("household", "h-1", false));
        _hub.Store.FailNext = new IOException("disk full");
        await Assert.ThrowsAsync<IOException>(() => _hub.Engine.IngestAsync([StoredRecords.Record("household", "h-1", 1)], "ingest:test", CancellationToken.None));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options.Create(new HubOptions { Identity = { RelinkInterval = TimeSpan.FromSeconds(10) } });
        using var relinker = new IdentityRelinker(_hub.Engine, options, time, NullLogger<IdentityRelinker>.Instance);
        await relinker.StartAsync(CancellationToken.None);

        // ExecuteAsync starts on a thread of its own: keep moving the clock on by intervals until the link is in the
        // store (the record leaves the unsettled set when a relink takes it, before its commit: waiting for the count
        // alone raced the commit).
        LinkRow? link = null;
        for (var i = 0; i < 400 && (link = await _hub.Store.GetLinkAsync("household", "h-1", CancellationToken.None)) is null; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(25);
        }

        Assert.NotNull(link);
        Assert.Equal(0, _hub.Engine.Unsettled);
        await relinker.StopAsync(CancellationToken.None);
    }
}
