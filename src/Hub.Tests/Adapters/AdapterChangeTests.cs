using Hub.Contracts.V1;
using Hub.Ingest;
using Hub.SampleData;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Adapters;

/// <summary>Changes and deletions in a legacy database reach the hub through the SQL adapter.</summary>
public sealed class AdapterChangeTests(SampleDepartmentsFixture fixture) : IClassFixture<SampleDepartmentsFixture>
{
    [Fact]
    public async Task LegacyRowChangedThenDeleted_HubHasNewContentThenMarksItGone()
    {
        using var folder = new TempFolder();
        fixture.WriteLegacy(folder.Path, null, Departments.Household);
        await using var hub = await TestHub.StartAsync();
        await SampleDepartmentsFixture.ImportMappingsAsync(hub.Channel, folder.Path);
        using var adapter = AdapterProcess.Start(Path.Combine(folder.Path, "household.json"), hub.Address);
        var records = fixture.Population.RecordsOf(Departments.Household).ToList();
        Task<long> Committed() => SampleDepartmentsFixture.CommittedAsync(hub.Channel, "household-sql-1");
        await AdapterSyncTests.WaitAsync(Committed, records.Count, adapter);

        var store = hub.App.Services.GetRequiredService<IIngestStore>();
        var (changed, deleted) = (records[3], records[4]);
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "household.db")};Pooling=false"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE HJ_RK SET XM = '  改名后  ', GXSJ = '2030-01-01 00:00:00' WHERE RYBH = $id";
            update.Parameters.AddWithValue("$id", changed.LocalId);
            Assert.Equal(1, update.ExecuteNonQuery());
        }
        await AdapterSyncTests.WaitAsync(Committed, records.Count + 1, adapter);
        var row = await store.GetSourceRecordAsync(Departments.Household, changed.LocalId, CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal("改名后", IngestRecord.Parser.ParseFrom(row.Payload).Person.Name);
        Assert.False(row.Deleted);

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "household.db")};Pooling=false"))
        {
            db.Open();
            using var delete = db.CreateCommand();
            delete.CommandText = "DELETE FROM HJ_RK WHERE RYBH = $id";
            delete.Parameters.AddWithValue("$id", deleted.LocalId);
            Assert.Equal(1, delete.ExecuteNonQuery());
        }
        await AdapterSyncTests.WaitAsync(Committed, records.Count + 2, adapter);
        var gone = await store.GetSourceRecordAsync(Departments.Household, deleted.LocalId, CancellationToken.None);
        Assert.NotNull(gone);
        Assert.True(gone.Deleted, "the deleted row is marked as gone at its source");
        // The last known content is kept beside the mark, never silently dropped.
        Assert.Equal(deleted.Raw.Name, IngestRecord.Parser.ParseFrom(gone.Payload).Person.Name);
        var other = await store.GetSourceRecordAsync(Departments.Household, records[5].LocalId, CancellationToken.None);
        Assert.False(other!.Deleted);
    }
}
