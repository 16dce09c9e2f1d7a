using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.HubCtl;

/// <summary>hubctl editing the case routing rules of a real hub.</summary>
public sealed class HubCtlRoutingTests
{
    [Fact]
    public async Task RoutingPutAndList_NewRule_StoredAndListedAndUsedByDispatch()
    {
        await using var hub = await TestHub.StartAsync();

        var put = await HubCtlProcess.RunAsync(hub.Address, "routing", "put", "--category", "0102", "--division", "330802000000",
            "--lead", "urban-mgmt", "--co", "power-supply", "--limit", "DISPATCHED=4", "--limit", "IN_PROGRESS=40");
        var csv = await HubCtlProcess.RunAsync(hub.Address, "routing", "list", "--output", "csv");

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var lines = csv.StandardOutput.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rule_id,category,division,lead,co_departments,time_limits,enabled,version,updated_by,updated", lines[0]);
        var row = Assert.Single(lines.Skip(1)).Split(',');
        Assert.Equal(["0102", "330802000000", "urban-mgmt", "power-supply", "DISPATCHED=4h IN_PROGRESS=40h", "yes", "1"], row[1..8]);
        var rules = await new CaseService.CaseServiceClient(hub.Channel).ListRoutingRulesAsync(new ListRoutingRulesRequest(), deadline: Deadlines.Default());
        Assert.Equal(40, rules.RoutingRules[0].TimeLimits.Single(l => l.State == CaseState.InProgress).WorkingHours);
    }

    [Fact]
    public async Task RoutingPut_DuplicateAndBadLimit_RefusedAndUsageError()
    {
        await using var hub = await TestHub.StartAsync();
        await HubCtlProcess.RunAsync(hub.Address, "routing", "put", "--category", "0102", "--lead", "urban-mgmt");

        var duplicate = await HubCtlProcess.RunAsync(hub.Address, "routing", "put", "--category", "0102", "--lead", "lighting");
        var badLimit = await HubCtlProcess.RunAsync(hub.Address, "routing", "put", "--lead", "lighting", "--limit", "SOON=2");

        Assert.True(duplicate.ExitCode == 1, duplicate.ToString());
        Assert.Contains("already covers", duplicate.StandardError);
        Assert.True(badLimit.ExitCode == 2, badLimit.ToString());
        Assert.Contains("STATE=HOURS", badLimit.StandardError);
    }
}
