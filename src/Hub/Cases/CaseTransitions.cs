using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>A request to move a case or one of its tasks.</summary>
public sealed record TransitionCommand(
    string CaseId, string TaskId, CaseState Target, long ExpectedVersion, string ActorDepartment, string Note,
    IReadOnlyList<string> DispatchDepartments, string MergedIntoCaseId, CaseEvaluation? Evaluation, string Actor);

/// <summary>The life-cycle rules applied to a case: which moves are allowed and what follows from each.</summary>
internal static class CaseTransitions
{
    /// <summary>Applies a case-level move. <paramref name="routing"/> gives the departments when none are named.</summary>
    public static void MoveCase(CaseEditor e, TransitionCommand cmd, RoutingTable routing)
    {
        var c = e.Case;
        var from = c.State;
        var allowed = CaseLifecycle.AllowedFrom(from);
        if (!allowed.Contains(cmd.Target))
            throw new CaseException(CaseErrorKind.NotAllowed, allowed.Count == 0
                ? $"case {c.CaseId} is {CaseStates.Name(from)}, a final state: it cannot move any more"
                : $"case {c.CaseId} is {CaseStates.Name(from)}: it may move to {CaseStates.Names(allowed)}, not {CaseStates.Name(cmd.Target)}");

        switch (cmd.Target)
        {
            case CaseState.Accepted when from is CaseState.Dispatched or CaseState.InProgress:
                RequireNote(cmd, "to return a case as not the department's");
                ReturnToDispatch(e, cmd.ActorDepartment);
                break;
            case CaseState.Dispatched:
                Dispatch(e, cmd, routing);
                break;
            case CaseState.Resolved:
                var open = c.Tasks.Where(CaseLifecycle.IsOpenTask).ToList();
                if (open.Count > 0)
                    throw new CaseException(CaseErrorKind.NotAllowed,
                        $"case {c.CaseId} has open tasks ({string.Join(", ", open.Select(t => $"{t.TaskId} of {t.Department}"))}): each department resolves its own task and the case follows");
                e.MoveCase(CaseState.Resolved);
                break;
            case CaseState.InProgress when from == CaseState.Resolved:
                RequireNote(cmd, "when verification fails");
                e.MoveCase(CaseState.InProgress);
                foreach (var task in c.Tasks.Where(t => t.State == CaseState.Resolved).ToList())
                    e.MoveTask(task, CaseState.InProgress);
                break;
            case CaseState.InProgress:
                e.MoveCase(CaseState.InProgress);
                ResolveIfAllTasksResolved(e);
                break;
            case CaseState.Cancelled:
                RequireNote(cmd, "to cancel a case");
                foreach (var task in c.Tasks.Where(CaseLifecycle.IsOpenTask).ToList())
                    e.MoveTask(task, CaseState.Cancelled);
                e.MoveCase(CaseState.Cancelled);
                break;
            case CaseState.Rejected:
                RequireNote(cmd, "to reject a case");
                e.MoveCase(CaseState.Rejected);
                break;
            case CaseState.Merged:
                if (cmd.MergedIntoCaseId == c.CaseId)
                    throw new CaseException(CaseErrorKind.InvalidArgument, "a case cannot be merged into itself", "merged_into_case_id");
                c.MergedIntoCaseId = cmd.MergedIntoCaseId;
                e.MoveCase(CaseState.Merged);
                break;
            case CaseState.Evaluated:
                c.Evaluation = cmd.Evaluation!.Clone();
                e.MoveCase(CaseState.Evaluated);
                break;
            default:
                e.MoveCase(cmd.Target);
                break;
        }
    }

    /// <summary>Applies a move of one department's task; the case follows where the rules say.</summary>
    public static void MoveTask(CaseEditor e, TransitionCommand cmd)
    {
        var c = e.Case;
        var task = c.Tasks.FirstOrDefault(t => t.TaskId == cmd.TaskId)
            ?? throw new CaseException(CaseErrorKind.NotFound, $"case {c.CaseId} has no task {cmd.TaskId}");
        if (!CaseLifecycle.TaskWorkStates.Contains(c.State))
            throw new CaseException(CaseErrorKind.NotAllowed,
                $"case {c.CaseId} is {CaseStates.Name(c.State)}: tasks move only while the case is {CaseStates.Names(CaseLifecycle.TaskWorkStates)}");
        if (cmd.ActorDepartment != task.Department)
            throw new CaseException(CaseErrorKind.PermissionDenied,
                $"task {task.TaskId} belongs to {task.Department}; {cmd.ActorDepartment} cannot move it");
        var allowed = CaseLifecycle.TaskAllowedFrom(task.State);
        if (!allowed.Contains(cmd.Target))
            throw new CaseException(CaseErrorKind.NotAllowed, allowed.Count == 0
                ? $"task {task.TaskId} is {CaseStates.Name(task.State)}: it cannot move any more (a failed verification reopens it)"
                : $"task {task.TaskId} is {CaseStates.Name(task.State)}: it may move to {CaseStates.Names(allowed)}, not {CaseStates.Name(cmd.Target)}");

        switch (cmd.Target)
        {
            case CaseState.Rejected:
                RequireNote(cmd, "to return a task as not the department's");
                e.MoveTask(task, CaseState.Rejected);
                if (task.Lead)
                    ReturnToDispatch(e, cmd.ActorDepartment);
                else
                    ResolveIfAllTasksResolved(e);
                break;
            case CaseState.InProgress:
                e.MoveTask(task, CaseState.InProgress);
                if (c.State == CaseState.Dispatched)
                    e.MoveCase(CaseState.InProgress);
                break;
            case CaseState.Resolved:
                e.MoveTask(task, CaseState.Resolved);
                ResolveIfAllTasksResolved(e);
                break;
            default:
                e.MoveTask(task, cmd.Target);
                break;
        }
    }

    private static void Dispatch(CaseEditor e, TransitionCommand cmd, RoutingTable routing)
    {
        var c = e.Case;
        List<string> departments;
        if (cmd.DispatchDepartments.Count > 0)
            departments = [.. cmd.DispatchDepartments];
        else
        {
            var rule = routing.Match(c.Category?.Code ?? "", c.DivisionCode)
                ?? throw new CaseException(CaseErrorKind.NotAllowed,
                    $"no enabled routing rule matches category {c.Category?.Code} in division '{c.DivisionCode}': give dispatch_departments or add a routing rule");
            departments = [rule.LeadDepartment, .. rule.CoDepartments];
        }
        foreach (var old in c.Tasks.Where(CaseLifecycle.IsOpenTask).ToList())
            e.MoveTask(old, CaseState.Cancelled, "replaced by a new dispatch");
        c.LeadDepartment = departments[0];
        c.CoDepartments.Clear();
        c.CoDepartments.AddRange(departments.Skip(1));
        var created = departments.Select((d, i) => e.AddTask(d, i == 0)).ToList();
        e.MoveCase(CaseState.Dispatched);
        foreach (var task in created)
            e.TaskCreated(task);
    }

    /// <summary>A return: the returning department's open task is REJECTED, the others CANCELLED, the case back to ACCEPTED.</summary>
    private static void ReturnToDispatch(CaseEditor e, string actorDepartment)
    {
        var c = e.Case;
        foreach (var task in c.Tasks.Where(CaseLifecycle.IsOpenTask).ToList())
            e.MoveTask(task, task.Department == actorDepartment ? CaseState.Rejected : CaseState.Cancelled);
        c.LeadDepartment = "";
        c.CoDepartments.Clear();
        e.MoveCase(CaseState.Accepted);
    }

    /// <summary>The parent resolves when every task that still counts has.</summary>
    private static void ResolveIfAllTasksResolved(CaseEditor e)
    {
        var c = e.Case;
        if (c.State != CaseState.InProgress)
            return;
        var active = c.Tasks.Where(CaseLifecycle.IsActiveTask).ToList();
        if (active.Count > 0 && active.All(t => t.State == CaseState.Resolved))
            e.MoveCase(CaseState.Resolved, "every department resolved its task");
    }

    private static void RequireNote(TransitionCommand cmd, string why)
    {
        if (string.IsNullOrWhiteSpace(cmd.Note))
            throw new CaseException(CaseErrorKind.InvalidArgument, $"is required {why}", "note");
    }
}
