using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Cases;

/// <summary>TransitionCase through a real hub: the life cycle, tasks per department, returns and versions.</summary>
public sealed class CaseLifecycleTests
{
    [Fact]
    public async Task Transition_WholeLifeWithTwoDepartments_ParentResolvesWhenEveryTaskHas()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        await CaseKit.PutRuleAsync(client, "01", "", "urban-mgmt", "power-supply");
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());

        c = await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");
        c = await CaseKit.MoveAsync(client, c, CaseState.Dispatched, "dispatch-centre");
        Assert.Equal("urban-mgmt", c.LeadDepartment);
        Assert.Equal(["power-supply"], c.CoDepartments);
        Assert.Equal(2, c.Tasks.Count);
        Assert.All(c.Tasks, t => Assert.Equal(CaseState.Dispatched, t.State));
        var lead = c.Tasks.Single(t => t.Lead);
        var co = c.Tasks.Single(t => !t.Lead);

        c = await CaseKit.MoveAsync(client, c, CaseState.InProgress, "urban-mgmt", taskId: lead.TaskId);
        Assert.Equal(CaseState.InProgress, c.State);
        c = await CaseKit.MoveAsync(client, c, CaseState.Resolved, "urban-mgmt", taskId: lead.TaskId);
        Assert.Equal(CaseState.InProgress, c.State);
        c = await CaseKit.MoveAsync(client, c, CaseState.InProgress, "power-supply", taskId: co.TaskId);
        c = await CaseKit.MoveAsync(client, c, CaseState.Resolved, "power-supply", taskId: co.TaskId);
        Assert.Equal(CaseState.Resolved, c.State);

        // Verification fails: back to work, both tasks reopened.
        c = await CaseKit.MoveAsync(client, c, CaseState.InProgress, "dispatch-centre", note: "路灯仍不亮");
        Assert.Equal(CaseState.InProgress, c.State);
        Assert.All(c.Tasks, t => Assert.Equal(CaseState.InProgress, t.State));
        foreach (var (task, dept) in new[] { (lead, "urban-mgmt"), (co, "power-supply") })
            c = await CaseKit.MoveAsync(client, c, CaseState.Resolved, dept, taskId: task.TaskId);
        Assert.Equal(CaseState.Resolved, c.State);

        c = await CaseKit.MoveAsync(client, c, CaseState.Closed, "dispatch-centre");
        var evaluated = await client.TransitionCaseAsync(new TransitionCaseRequest
        {
            CaseId = c.CaseId, TargetState = CaseState.Evaluated, ExpectedVersion = c.Version, ActorDepartment = "dispatch-centre",
            Evaluation = new CaseEvaluation { Satisfaction = Satisfaction.Satisfied, Comment = "修得快" },
        }, deadline: Deadlines.Default());
        Assert.Equal(CaseState.Evaluated, evaluated.Case.State);
        Assert.Equal(Satisfaction.Satisfied, evaluated.Case.Evaluation.Satisfaction);
    }

    [Fact]
    public async Task Transition_NotAllowed_FailedPreconditionNamingTheAllowedMoves()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());

        var ex = await Assert.ThrowsAsync<RpcException>(() => CaseKit.MoveAsync(client, c, CaseState.Closed, "dispatch-centre"));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("ACCEPTED, REJECTED, MERGED, CANCELLED", ex.Status.Detail);
    }

    [Fact]
    public async Task Transition_StaleExpectedVersion_AbortedAndNothingChanged()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");

        var ex = await Assert.ThrowsAsync<RpcException>(() => CaseKit.MoveAsync(client, c, CaseState.Rejected, "dispatch-centre", note: "重复"));

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        var now = (await client.GetCaseAsync(new GetCaseRequest { CaseId = c.CaseId }, deadline: Deadlines.Default())).Case;
        Assert.Equal(CaseState.Accepted, now.State);
        Assert.Equal(2, now.Version);
    }

    [Fact]
    public async Task Transition_ConcurrentMovesFromOneVersion_ExactlyOneWins()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try { await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre"); return StatusCode.OK; }
            catch (RpcException ex) { return ex.StatusCode; }
        }));

        Assert.Single(attempts, s => s == StatusCode.OK);
        Assert.All(attempts.Where(s => s != StatusCode.OK), s => Assert.Equal(StatusCode.Aborted, s));
    }

    [Fact]
    public async Task Transition_LeadReturnsTask_CaseBackToAcceptedOthersCancelled()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        c = await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");
        c = await CaseKit.MoveAsync(client, c, CaseState.Dispatched, "dispatch-centre", dispatchTo: ["housing", "urban-mgmt"]);
        var lead = c.Tasks.Single(t => t.Lead);

        var missingNote = await Assert.ThrowsAsync<RpcException>(() =>
            CaseKit.MoveAsync(client, c, CaseState.Rejected, "housing", taskId: lead.TaskId));
        c = await CaseKit.MoveAsync(client, c, CaseState.Rejected, "housing", note: "不属于住建职责", taskId: lead.TaskId);

        Assert.Equal(StatusCode.InvalidArgument, missingNote.StatusCode);
        Assert.Equal(CaseState.Accepted, c.State);
        Assert.Equal("", c.LeadDepartment);
        Assert.Equal(CaseState.Rejected, c.Tasks.Single(t => t.Department == "housing").State);
        Assert.Equal(CaseState.Cancelled, c.Tasks.Single(t => t.Department == "urban-mgmt").State);
    }

    [Fact]
    public async Task Transition_TaskOfAnotherDepartment_PermissionDenied()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        c = await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");
        c = await CaseKit.MoveAsync(client, c, CaseState.Dispatched, "dispatch-centre", dispatchTo: ["urban-mgmt"]);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            CaseKit.MoveAsync(client, c, CaseState.InProgress, "housing", taskId: c.Tasks[0].TaskId));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task Transition_DispatchWithoutRule_FailedPreconditionSaysWhatToDo()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        c = await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");

        var ex = await Assert.ThrowsAsync<RpcException>(() => CaseKit.MoveAsync(client, c, CaseState.Dispatched, "dispatch-centre"));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("dispatch_departments", ex.Status.Detail);
    }

    [Fact]
    public async Task Transition_MergeIntoUnknownCase_InvalidArgument()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.TransitionCaseAsync(new TransitionCaseRequest
        {
            CaseId = c.CaseId, TargetState = CaseState.Merged, ExpectedVersion = 1, ActorDepartment = "dispatch-centre", MergedIntoCaseId = "Cnope",
        }, deadline: Deadlines.Default()));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("merged_into_case_id", CaseKit.Violations(ex));
    }
}
