using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.Ingest;
using Hub.SampleData;
using Hub.Tests.Helpers;
using MySqlConnector;

namespace Hub.Tests.Adapters;

/// <summary>A private MariaDB server for the tests of the SQL adapter's MySQL/MariaDB driver.</summary>
public sealed class MariaDbFixture : IDisposable
{
    /// <summary>The server, started with the fixture.</summary>
    public PrivateMariaDb Server { get; } = PrivateMariaDb.Start();

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// The social-security department's AC01 table on a real MariaDB server → the generic SQL adapter (provider mysql)
/// in a real adapter process → a real hub: initial sync, a changed row, a deleted row and a live facet read.
/// </summary>
public sealed class MySqlAdapterTests(SampleDepartmentsFixture fixture, MariaDbFixture maria)
    : IClassFixture<SampleDepartmentsFixture>, IClassFixture<MariaDbFixture>
{
    private const string AdapterId = "social-security-sql-1";

    [Fact]
    public async Task SocialSecurityOnMariaDb_SyncChangeDeleteAndFacet_ReachTheHub()
    {
        using var folder = new TempFolder();
        // The household registry on SQLite gives the social-security records residents to link to.
        fixture.WriteLegacy(folder.Path, null, Departments.Household);
        File.Copy(Path.Combine(SampleAdapterFiles.Folder, SampleAdapterFiles.MySqlMapping), Path.Combine(folder.Path, "social-security.yaml"), overwrite: true);
        var connection = maria.Server.ConnectionString("social_security_mysql");
        var records = fixture.Population.RecordsOf(Departments.SocialSecurity).ToList();
        Assert.Equal(records.Count, LegacyDatabases.Write(fixture.Population, Departments.SocialSecurity,
            new LegacyTarget(Hub.Adapters.Sql.SqlProvider.MySql, connection)));

        await using var hub = await TestHub.StartAsync();
        await SampleDepartmentsFixture.ImportMappingsAsync(hub.Channel, folder.Path);
        using var household = AdapterProcess.Start(Path.Combine(folder.Path, "household.json"), hub.Address);
        using var adapter = AdapterProcess.Start(Path.Combine(folder.Path, "social-security.json"), hub.Address,
            new Dictionary<string, string?> { ["SOCIAL_SECURITY_MYSQL"] = connection });
        Task<long> Committed() => SampleDepartmentsFixture.CommittedAsync(hub.Channel, AdapterId);
        await AdapterSyncTests.WaitAsync(Committed, records.Count, adapter);
        await AdapterSyncTests.WaitAsync(() => SampleDepartmentsFixture.CommittedAsync(hub.Channel, "household-sql-1"),
            fixture.Population.RecordsOf(Departments.Household).Count(), household);

        // Every row arrived translated (codes through the department's dictionaries) and resolves to a resident.
        var store = hub.App.Services.GetRequiredService<IIngestStore>();
        var residents = new ResidentService.ResidentServiceClient(hub.Channel);
        var householdIds = fixture.Population.RecordsOf(Departments.Household).Select(r => r.PersonId).ToHashSet();
        foreach (var record in fixture.Population.RecordsOf(Departments.Household))
            await SampleDepartmentsFixture.LookupEventuallyAsync(residents, record);
        var linked = 0;
        foreach (var record in records)
        {
            var row = await store.GetSourceRecordAsync(Departments.SocialSecurity, record.LocalId, CancellationToken.None);
            Assert.NotNull(row);
            Assert.Equal(record.Raw.Name.Trim(), IngestRecord.Parser.ParseFrom(row.Payload).Person.Name);
            var found = await SampleDepartmentsFixture.LookupEventuallyAsync(residents, record);
            if (householdIds.Contains(record.PersonId) && found.Links.Any(l => l.SourceRef.Department == Departments.Household))
                linked++;
        }
        var comparable = records.Count(r => householdIds.Contains(r.PersonId));
        Assert.True(comparable > 10, $"only {comparable} social-security records have a household record: nothing to compare");
        Assert.True(linked >= 0.75 * comparable, $"only {linked} of {comparable} social-security records are linked to the household registry");

        // A live facet read runs the mapping's facet query (a join with the AA10 code table) on MariaDB.
        var info = (await new AdapterRegistryService.AdapterRegistryServiceClient(hub.Channel)
            .ListAdaptersAsync(new ListAdaptersRequest(), deadline: Deadlines.Default())).Adapters.Single(a => a.AdapterId == AdapterId);
        using (var channel = GrpcChannel.ForAddress(info.Endpoint))
        {
            var insured = records.First(r => Number(r) % 10 == 1);
            var facet = await new DepartmentAdapterService.DepartmentAdapterServiceClient(channel).GetFacetAsync(new GetFacetRequest
            {
                SourceRefs = { new SourceRef { Department = Departments.SocialSecurity, LocalId = insured.LocalId } },
                Purpose = "test",
            }, deadline: Deadlines.Default());
            // Rows numbered …1 are written with AAC008 = 4, which AA10 names 终止参保.
            Assert.Equal("终止参保", facet.Fields["insured_status"].Text);
        }

        // A changed row and then a deleted one reach the hub through the change column and the delete scan.
        var changed = records[2];
        var deleted = records[5];
        await using (var db = new MySqlConnection(connection))
        {
            await db.OpenAsync();
            await using var update = new MySqlCommand("UPDATE AC01 SET AAC003 = '  改名后  ', AAE036 = '2030-01-01 00:00:00' WHERE AAC001 = @n", db);
            update.Parameters.AddWithValue("@n", Number(changed));
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
        await AdapterSyncTests.WaitAsync(Committed, records.Count + 1, adapter);
        var after = await store.GetSourceRecordAsync(Departments.SocialSecurity, changed.LocalId, CancellationToken.None);
        Assert.Equal("改名后", IngestRecord.Parser.ParseFrom(after!.Payload).Person.Name);

        await using (var db = new MySqlConnection(connection))
        {
            await db.OpenAsync();
            await using var delete = new MySqlCommand("DELETE FROM AC01 WHERE AAC001 = @n", db);
            delete.Parameters.AddWithValue("@n", Number(deleted));
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }
        await AdapterSyncTests.WaitAsync(Committed, records.Count + 2, adapter);
        var gone = await store.GetSourceRecordAsync(Departments.SocialSecurity, deleted.LocalId, CancellationToken.None);
        Assert.True(gone!.Deleted, "the row deleted in MariaDB is marked as gone at its source");
    }

    // Local ids are "AC01:<AAC001>".
    private static long Number(DepartmentRecord record) => long.Parse(record.LocalId["AC01:".Length..], CultureInfo.InvariantCulture);
}
