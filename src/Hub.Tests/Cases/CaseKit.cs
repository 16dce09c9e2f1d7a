using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Cases;

/// <summary>Requests and calls the case tests share.</summary>
internal static class CaseKit
{
    /// <summary>A street-light report in 柯城区 (division under 330802) from a grid worker.</summary>
    public static SubmitCaseRequest Streetlight(string? requestId = null, string category = "0102") => new()
    {
        RequestId = requestId ?? Guid.NewGuid().ToString("N"),
        Channel = CaseChannel.GridApp,
        CategoryCode = category,
        Description = "路灯不亮，已持续三天",
        Location = new CaseLocation { AddressText = "浙江省衢州市柯城区新新街道新桥路12号" },
        Reporter = new CaseReporter { Kind = ReporterKind.GridWorker, StaffId = "GW-0042", Name = "李网格", Department = "grid" },
    };

    public static async Task<Case> SubmitAsync(CaseService.CaseServiceClient client, SubmitCaseRequest request) =>
        (await client.SubmitCaseAsync(request, deadline: Deadlines.Default())).Case;

    public static async Task<Case> MoveAsync(CaseService.CaseServiceClient client, Case c, CaseState to, string department,
        string note = "", string taskId = "", params string[] dispatchTo)
    {
        var request = new TransitionCaseRequest
        {
            CaseId = c.CaseId, TaskId = taskId, TargetState = to, ExpectedVersion = c.Version, ActorDepartment = department, Note = note,
        };
        request.DispatchDepartments.AddRange(dispatchTo);
        return (await client.TransitionCaseAsync(request, deadline: Deadlines.Default())).Case;
    }

    public static async Task<RoutingRule> PutRuleAsync(CaseService.CaseServiceClient client, string category, string division, string lead,
        params string[] co)
    {
        var rule = new RoutingRule { CategoryCode = category, DivisionCode = division, LeadDepartment = lead, Enabled = true };
        rule.CoDepartments.AddRange(co);
        return (await client.PutRoutingRuleAsync(new PutRoutingRuleRequest { RoutingRule = rule }, deadline: Deadlines.Default())).RoutingRule;
    }

    public static IReadOnlyList<string> Violations(RpcException ex)
    {
        var status = ex.GetRpcStatus();
        Assert.NotNull(status);
        var bad = status!.GetDetail<Google.Rpc.BadRequest>();
        Assert.NotNull(bad);
        return bad!.FieldViolations.Select(v => v.Field).ToList();
    }
}
