using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Cases;

/// <summary>Routing rules: the most specific rule wins; edits are versioned; bad rules are refused.</summary>
public sealed class RoutingRuleTests
{
    [Fact]
    public async Task Dispatch_SeveralRulesMatch_LongestCategoryThenDeepestDivisionWins()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        await CaseKit.PutRuleAsync(client, "", "", "city-hotline");
        await CaseKit.PutRuleAsync(client, "01", "330800000000", "city-urban");
        await CaseKit.PutRuleAsync(client, "0102", "330800000000", "city-lighting");
        await CaseKit.PutRuleAsync(client, "0102", "330802000000", "kecheng-lighting", "kecheng-power");
        await CaseKit.PutRuleAsync(client, "0102", "330803000000", "qujiang-lighting");

        var light = await DispatchAsync(client, CaseKit.Streetlight());
        var litter = await DispatchAsync(client, CaseKit.Streetlight(category: "0103"));
        var noise = await DispatchAsync(client, CaseKit.Streetlight(category: "0303"));

        Assert.Equal("kecheng-lighting", light.LeadDepartment);
        Assert.Equal(["kecheng-power"], light.CoDepartments);
        Assert.Equal("city-urban", litter.LeadDepartment);
        Assert.Equal("city-hotline", noise.LeadDepartment);
    }

    [Fact]
    public async Task PutRoutingRule_ReplaceAndConflicts_VersionedAndUnique()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var rule = await CaseKit.PutRuleAsync(client, "0102", "330802000000", "urban-mgmt");
        Assert.Equal(1, rule.Version);

        var changed = rule.Clone();
        changed.LeadDepartment = "lighting";
        changed.TimeLimits.Add(new StageTimeLimit { State = CaseState.Dispatched, WorkingHours = 2 });
        var replaced = (await client.PutRoutingRuleAsync(new PutRoutingRuleRequest { RoutingRule = changed, ExpectedVersion = 1 },
            deadline: Deadlines.Default())).RoutingRule;
        var stale = await Assert.ThrowsAsync<RpcException>(async () => await client.PutRoutingRuleAsync(
            new PutRoutingRuleRequest { RoutingRule = changed, ExpectedVersion = 1 }, deadline: Deadlines.Default()));
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => CaseKit.PutRuleAsync(client, "0102", "330802000000", "other"));
        var listed = await client.ListRoutingRulesAsync(new ListRoutingRulesRequest { DivisionCode = "330800000000" }, deadline: Deadlines.Default());

        Assert.Equal(2, replaced.Version);
        Assert.Equal("lighting", replaced.LeadDepartment);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal(replaced, Assert.Single(listed.RoutingRules));
    }

    [Fact]
    public async Task PutRoutingRule_BadRule_InvalidArgumentNamingFields()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var rule = new RoutingRule
        {
            CategoryCode = "7777", DivisionCode = "3308", LeadDepartment = "Urban Mgmt", CoDepartments = { "x" },
            TimeLimits = { new StageTimeLimit { State = CaseState.Closed, WorkingHours = 0 } },
        };

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.PutRoutingRuleAsync(new PutRoutingRuleRequest { RoutingRule = rule }, deadline: Deadlines.Default()));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = CaseKit.Violations(ex);
        foreach (var f in new[] { "routing_rule.category_code", "routing_rule.division_code", "routing_rule.lead_department",
                     "routing_rule.co_departments[0]", "routing_rule.time_limits[0].working_hours" })
            Assert.Contains(f, fields);
    }

    private static async Task<Case> DispatchAsync(CaseService.CaseServiceClient client, SubmitCaseRequest request)
    {
        var c = await CaseKit.SubmitAsync(client, request);
        c = await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");
        return await CaseKit.MoveAsync(client, c, CaseState.Dispatched, "dispatch-centre");
    }
}
