using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Storage;

namespace Hub.Tests.Identity.Engine;

/// <summary>Records deleted at their source leave identity, on a real SQLite store and the in-process cache.</summary>
public sealed class DeletionTests : IAsyncLifetime
{
    private readonly SqliteIdentityEngine _hub = new();
    private SqliteHubStore _sqlite = null!;
    private GatedIdentityStore _store = null!;
    private IdentityEngine _engine = null!;
    private IdentityLookup _lookup = null!;

    public async Task InitializeAsync()
    {
        await _hub.InitializeAsync();
        (_sqlite, _store, _engine) = (_hub.Sqlite, _hub.Store, _hub.Engine);
        _lookup = _hub.Lookup;
    }

    public Task DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task ForgetDeletedAsync_OneOfTwoRecords_LinkGoneEverywhereResidentKeepsTheOther()
    {
        var linked = await _engine.IngestAsync([Record("household", "h-1", 1), Record("civil-affairs", "c-1", 1)], "test", CancellationToken.None);
        var resident = linked[0].ResidentId;
        Assert.Equal(resident, linked[1].ResidentId);
        var idNumber = Record("household", "h-1", 1).Item3.IdNumber;
        // Read through once, so the in-process cache holds every key the deletion must invalidate.
        Assert.Equal(resident, await _lookup.ResidentOfSourceAsync("household", "h-1", CancellationToken.None));
        Assert.Equal(2, (await _lookup.LinksAsync(resident, CancellationToken.None))!.Links.Count);

        var forgotten = await _engine.ForgetDeletedAsync([("household", "h-1")], "ingest:test", "deleted at its source", CancellationToken.None);

        Assert.Equal(new ForgottenRecord(resident, false), Assert.Single(forgotten));
        Assert.Null(await _store.GetLinkAsync("household", "h-1", CancellationToken.None));
        Assert.Null(await _lookup.ResidentOfSourceAsync("household", "h-1", CancellationToken.None));
        var links = (await _lookup.LinksAsync(resident, CancellationToken.None))!;
        Assert.Equal("c-1", Assert.Single(links.Links).SourceRef.LocalId);
        Assert.Equal(resident, await _lookup.ResidentOfSourceAsync("civil-affairs", "c-1", CancellationToken.None));
        Assert.Equal(resident, await _lookup.ResidentOfIdNumberAsync(idNumber, CancellationToken.None));
        Assert.Equal(1, _engine.IndexedRecords);
        var deleted = Assert.Single(await _store.EventsOfAsync(resident, CancellationToken.None), e => e.Type == IdentityEventType.Deleted);
        Assert.Equal([("household", "h-1")], deleted.Sources);
        Assert.Equal("ingest:test", deleted.Actor);
    }

    [Fact]
    public async Task ForgetDeletedAsync_LastRecord_ResidentIdStaysWithNoLinksAndTheRecordMatchesAfresh()
    {
        var resident = (await _engine.IngestAsync([Record("household", "h-1", 1)], "test", CancellationToken.None))[0].ResidentId;
        var idNumber = Record("household", "h-1", 1).Item3.IdNumber;
        Assert.Equal(resident, await _lookup.ResidentOfIdNumberAsync(idNumber, CancellationToken.None));

        var forgotten = await _engine.ForgetDeletedAsync([("household", "h-1")], "test", "deleted at its source", CancellationToken.None);

        Assert.Equal(new ForgottenRecord(resident, true), Assert.Single(forgotten));
        // The id is kept (it was handed out; its history explains the empty link list) and never reused.
        var links = await _lookup.LinksAsync(resident, CancellationToken.None);
        Assert.NotNull(links);
        Assert.Equal(resident, links.ResidentId);
        Assert.Empty(links.Links);
        Assert.Null(await _lookup.ResidentOfIdNumberAsync(idNumber, CancellationToken.None));
        Assert.Equal(0, _engine.IndexedRecords);

        // Forgetting it again changes nothing and records no second event.
        Assert.Null(Assert.Single(await _engine.ForgetDeletedAsync([("household", "h-1")], "test", "again", CancellationToken.None)).ResidentId);
        Assert.Single(await _store.EventsOfAsync(resident, CancellationToken.None), e => e.Type == IdentityEventType.Deleted);

        // A record re-created at its source is linked again, to a resident of its own.
        var again = (await _engine.IngestAsync([Record("household", "h-1", 1)], "test", CancellationToken.None))[0];
        Assert.Equal(Decision.New, again.Decision);
        Assert.NotEqual(resident, again.ResidentId);
    }

    [Fact]
    public async Task LoadAsync_SourceDeletedButLinkLeft_RemovesTheLink()
    {
        // The hub stopped between the ingest commit (record marked deleted) and the identity step.
        await _engine.IngestAsync([Record("household", "h-1", 1), Record("civil-affairs", "c-1", 1)], "test", CancellationToken.None);
        await StoredRecords.PutAsync(_sqlite.Location, ("household", "h-1", true), ("civil-affairs", "c-1", false));

        await _engine.LoadAsync(CancellationToken.None);

        Assert.Null(await _store.GetLinkAsync("household", "h-1", CancellationToken.None));
        Assert.NotNull(await _store.GetLinkAsync("civil-affairs", "c-1", CancellationToken.None));
        Assert.Equal(1, _engine.IndexedRecords);
    }

    private static (string, string, PersonRecord) Record(string department, string localId, int person) =>
        StoredRecords.Record(department, localId, person);
}
