using Google.Protobuf;
using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Storage;
using Microsoft.Data.Sqlite;

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
        await using (var connection = new SqliteConnection($"Data Source={_sqlite.Location};Pooling=false"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO source_records (department, local_id, kind, payload, deleted, adapter_id, sequence, updated_at)
                VALUES ($dep, $id, $kind, $payload, $deleted, 'test', 1, '2026-01-01T00:00:00.0000000+00:00')
                """;
            foreach (var (department, localId, deleted) in new[] { ("household", "h-1", 1), ("civil-affairs", "c-1", 0) })
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$dep", department);
                insert.Parameters.AddWithValue("$id", localId);
                insert.Parameters.AddWithValue("$kind", (int)RecordKind.Resident);
                insert.Parameters.AddWithValue("$payload", new IngestRecord { Kind = RecordKind.Resident, Person = Record(department, localId, 1).Item3 }.ToByteArray());
                insert.Parameters.AddWithValue("$deleted", deleted);
                insert.ExecuteNonQuery();
            }
        }

        await _engine.LoadAsync(CancellationToken.None);

        Assert.Null(await _store.GetLinkAsync("household", "h-1", CancellationToken.None));
        Assert.NotNull(await _store.GetLinkAsync("civil-affairs", "c-1", CancellationToken.None));
        Assert.Equal(1, _engine.IndexedRecords);
    }

    internal static (string, string, PersonRecord) Record(string department, string localId, int person)
    {
        var birth = new DateOnly(1980, 1, 1).AddDays(person * 37);
        var body = "330106" + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + (100 + person).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var k = 0; k < 17; k++)
            sum += (body[k] - '0') * weights[k];
        return (department, localId, new PersonRecord
        {
            Name = "张" + "伟芳娜敏静丽强磊军洋"[person % 10] + "明",
            IdNumber = body + "10X98765432"[sum % 11],
            BirthDate = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
