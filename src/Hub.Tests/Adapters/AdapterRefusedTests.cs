using Hub.Contracts.V1;
using Hub.Ingest;
using Hub.SampleData;
using Hub.Tests.Helpers;
using Hub.Tests.Security;

namespace Hub.Tests.Adapters;

/// <summary>
/// An adapter whose grant is withdrawn while it runs: its open Push stream is refused at the next change, its log names
/// the refusal and says an admin must act, nothing is applied, and once the grant is back it resumes by itself.
/// </summary>
public sealed class AdapterRefusedTests(SampleDepartmentsFixture fixture) : IClassFixture<SampleDepartmentsFixture>
{
    [Fact]
    public async Task GrantWithdrawnWhileSyncing_PushRefusedAndLoggedAsSuch_ResumesWhenRestored()
    {
        using var folder = new TempFolder();
        fixture.WriteLegacy(folder.Path, null, Departments.Household);
        await using var hub = await TestHub.StartAsync();
        await SampleDepartmentsFixture.ImportMappingsAsync(hub.Channel, folder.Path);
        var kit = new AccessKit(hub);
        var policy = AccessKit.Adapter("household-adapter", "household");
        var key = await kit.CallerAsync(policy);
        using var adapter = AdapterProcess.Start(Path.Combine(folder.Path, "household.json"), hub.Address, null, $"--Adapter:ApiKey={key}");
        var records = fixture.Population.RecordsOf(Departments.Household).ToList();
        Task<long> Committed() => SampleDepartmentsFixture.CommittedAsync(hub.Channel, "household-sql-1");
        await AdapterSyncTests.WaitAsync(Committed, records.Count, adapter);

        policy.IngestDepartment = "grid";
        await kit.Admin.PutPolicyAsync(new PutPolicyRequest { Policy = policy }, deadline: Deadlines.Default());
        var changed = records[0];
        SampleDepartmentsFixture.RenameInHousehold(folder.Path, changed.LocalId, "改名后");

        await WaitForAsync(adapter, "Push refused by the hub (PermissionDenied: missing grant ingest:household");
        var store = hub.App.Services.GetRequiredService<IIngestStore>();
        var row = await store.GetSourceRecordAsync(Departments.Household, changed.LocalId, CancellationToken.None);
        Assert.NotEqual("改名后", IngestRecord.Parser.ParseFrom(row!.Payload).Person.Name);
        Assert.Equal(records.Count, await Committed());

        policy.IngestDepartment = "household";
        await kit.Admin.PutPolicyAsync(new PutPolicyRequest { Policy = policy }, deadline: Deadlines.Default());
        await AdapterSyncTests.WaitAsync(Committed, records.Count + 1, adapter);
        row = await store.GetSourceRecordAsync(Departments.Household, changed.LocalId, CancellationToken.None);
        Assert.Equal("改名后", IngestRecord.Parser.ParseFrom(row!.Payload).Person.Name);
    }

    private static async Task WaitForAsync(AdapterProcess adapter, string text)
    {
        await Eventually.TrueAsync(() => Task.FromResult(adapter.HasExited || adapter.Output.Contains(text, StringComparison.Ordinal)),
            () => $"the adapter logged '{text}'\n{adapter.Output}", TimeSpan.FromSeconds(60));
        Assert.True(adapter.Output.Contains(text, StringComparison.Ordinal), $"the adapter did not log '{text}'\n{adapter.Output}");
    }
}
