using Grpc.Core;
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
    public async Task LegacyRowChangedThenDeleted_HubHasNewContentThenMarksItGoneAndUnlinksIt()
    {
        using var folder = new TempFolder();
        fixture.WriteLegacy(folder.Path, null, Departments.Household, Departments.CivilAffairs);
        await using var hub = await TestHub.StartAsync();
        await SampleDepartmentsFixture.ImportMappingsAsync(hub.Channel, folder.Path);
        using var adapter = AdapterProcess.Start(Path.Combine(folder.Path, "household.json"), hub.Address);
        using var civil = AdapterProcess.Start(Path.Combine(folder.Path, "civil-affairs.json"), hub.Address);
        var records = fixture.Population.RecordsOf(Departments.Household).ToList();
        Task<long> Committed() => SampleDepartmentsFixture.CommittedAsync(hub.Channel, "household-sql-1");
        await AdapterSyncTests.WaitAsync(Committed, records.Count, adapter);
        await AdapterSyncTests.WaitAsync(() => SampleDepartmentsFixture.CommittedAsync(hub.Channel, "civil-affairs-sql-1"),
            fixture.Population.RecordsOf(Departments.CivilAffairs).Count(), civil);

        var store = hub.App.Services.GetRequiredService<IIngestStore>();
        var residents = new ResidentService.ResidentServiceClient(hub.Channel);
        Task<LookupResidentResponse> Lookup(string department, string localId) => residents.LookupResidentAsync(
            new LookupResidentRequest { SourceRef = new SourceRef { Department = department, LocalId = localId } }, deadline: Deadlines.Default()).ResponseAsync;
        var changed = records[3];
        // The deleted row belongs to a resident the civil affairs office knows too, so there is a link that must stay.
        DepartmentRecord? deleted = null;
        LookupResidentResponse? before = null;
        foreach (var candidate in records.Skip(4))
        {
            try
            {
                before = await Lookup(candidate.Department, candidate.LocalId);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                continue; // linked right after its checkpoint was read, or quarantined: not a candidate
            }
            if (before.Links.Any(l => l.SourceRef.Department == Departments.CivilAffairs))
            {
                deleted = candidate;
                break;
            }
        }
        Assert.NotNull(deleted);
        SampleDepartmentsFixture.RenameInHousehold(folder.Path, changed.LocalId, "  改名后  ");
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
        var other = await store.GetSourceRecordAsync(Departments.Household, changed.LocalId, CancellationToken.None);
        Assert.False(other!.Deleted);

        // Identity forgets the deleted record: its source ref no longer resolves; the resident keeps its id and other links.
        // The checkpoint read above moves with the source commit; the link goes in the identity step right after it, before the ack.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await Lookup(deleted.Department, deleted.LocalId);
                return false;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return true;
            }
        }, "the deleted record's source ref is NOT_FOUND");
        var remaining = before!.Links.Where(l => l.SourceRef.LocalId != deleted.LocalId || l.SourceRef.Department != deleted.Department).ToList();
        Assert.NotEmpty(remaining);
        var after = await Lookup(remaining[0].SourceRef.Department, remaining[0].SourceRef.LocalId);
        Assert.Equal(before.ResidentId, after.ResidentId);
        Assert.Equal(remaining.Select(l => (l.SourceRef.Department, l.SourceRef.LocalId)).Order(),
            after.Links.Select(l => (l.SourceRef.Department, l.SourceRef.LocalId)).Order());
        var history = await new IdentityService.IdentityServiceClient(hub.Channel).GetLinksAsync(
            new GetLinksRequest { ResidentId = after.ResidentId, IncludeHistory = true }, deadline: Deadlines.Default());
        Assert.Contains(history.History, e => e.Type == IdentityEventType.Deleted && e.SourceRefs.Any(r => r.LocalId == deleted.LocalId));
    }
}
