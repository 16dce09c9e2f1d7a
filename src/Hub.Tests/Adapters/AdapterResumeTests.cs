using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Hub.SampleData;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Adapters;

/// <summary>The hub killed in the middle of an initial sync and started again.</summary>
public sealed class AdapterResumeTests
{
    [Fact]
    public async Task HubKilledMidSync_AdapterResumes_EveryRecordCommittedExactlyOnce()
    {
        var population = new PopulationGenerator(new GeneratorOptions { Residents = 4000, Seed = 5 }).Generate();
        var total = population.RecordsOf(Departments.Household).Count();
        using var folder = new TempFolder();
        LegacyDatabases.Write(population, Departments.Household,
            new LegacyTarget(Hub.Adapters.Sql.SqlProvider.Sqlite, $"Data Source={Path.Combine(folder.Path, "household.db")};Pooling=false"));
        MappingFiles.Write(Path.Combine(folder.Path, "mappings"), population);
        SampleAdapterFiles.Copy(folder.Path, postgres: false);
        var data = Path.Combine(folder.Path, "hub");
        var port = LoopbackPort.Free();
        var address = new Uri($"http://127.0.0.1:{port}");
        string[] hubArgs = [$"--urls={address}", $"--Hub:DataDirectory={data}", "--Hub:Logging:MinimumLevel=Warning"];
        using var channel = HubProcess.AdminChannel(address.ToString());
        Task<long> Committed() => SampleDepartmentsFixture.CommittedAsync(channel, "household-sql-1");

        var hub = HubProcess.Start(hubArgs);
        AdapterProcess? adapter = null;
        try
        {
            await HubProcess.WaitUntilServingAsync(channel);
            await SampleDepartmentsFixture.ImportMappingsAsync(channel, folder.Path);
            // Small windows make the sync long enough to be cut in the middle.
            adapter = AdapterProcess.Start(Path.Combine(folder.Path, "household.json"), address, null,
                "--Adapter:MaxInFlight=20", "--Adapter:ReadBatch=200");
            long atKill;
            while ((atKill = await Committed()) == 0)
                Assert.False(adapter.HasExited, adapter.Output);
            hub.Kill(entireProcessTree: true);
            await hub.WaitForExitAsync();
            Assert.True(atKill < total, $"the sync ended ({atKill} of {total}) before the hub could be stopped in its middle");

            hub.Dispose();
            hub = HubProcess.Start(hubArgs);
            await AdapterSyncTests.WaitAsync(Committed, total, adapter);
            // The adapter lost its stream and opened a new one from its checkpoint.
            Assert.True(adapter.Output.Split("Push stream open").Length >= 3, adapter.Output);
            // It pushed batches (the hub advertised max_push_batch; MaxInFlight caps a batch).
            Assert.Contains("20 record(s) per message", adapter.Output);
        }
        finally
        {
            adapter?.Dispose();
            if (!hub.HasExited)
                hub.Kill(entireProcessTree: true);
            await hub.WaitForExitAsync();
            hub.Dispose();
        }

        // Every legacy row is in the hub once, linked once, and no sequence was given twice.
        await using var db = new SqliteConnection($"Data Source={Path.Combine(data, "hub.db")};Mode=ReadOnly;Pooling=false");
        db.Open();
        Assert.Equal((long)total, Scalar(db, "SELECT count(*) FROM source_records WHERE department = 'household' AND deleted = 0"));
        Assert.Equal((long)total, Scalar(db, "SELECT count(DISTINCT local_id) FROM identity_links WHERE department = 'household'"));
        Assert.Equal((long)total, Scalar(db, "SELECT count(*) FROM identity_links WHERE department = 'household'"));
        Assert.Equal((long)total, Scalar(db, "SELECT max(sequence) FROM source_records WHERE department = 'household'"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM ingest_rejections"));
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
