using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>The allowed moves of cases and of department tasks (see the file comment of case.proto).</summary>
public static class CaseLifecycle
{
    private static readonly Dictionary<CaseState, CaseState[]> CaseMoves = new()
    {
        [CaseState.Reported] = [CaseState.Accepted, CaseState.Rejected, CaseState.Merged, CaseState.Cancelled],
        [CaseState.Accepted] = [CaseState.Dispatched, CaseState.Rejected, CaseState.Merged, CaseState.Cancelled],
        [CaseState.Dispatched] = [CaseState.InProgress, CaseState.Accepted, CaseState.Cancelled],
        [CaseState.InProgress] = [CaseState.Resolved, CaseState.OnHold, CaseState.Escalated, CaseState.Accepted, CaseState.Cancelled],
        [CaseState.OnHold] = [CaseState.InProgress, CaseState.Cancelled],
        [CaseState.Escalated] = [CaseState.Dispatched, CaseState.InProgress, CaseState.Cancelled],
        [CaseState.Resolved] = [CaseState.Closed, CaseState.InProgress],
        [CaseState.Closed] = [CaseState.Evaluated],
    };

    private static readonly Dictionary<CaseState, CaseState[]> TaskMoves = new()
    {
        [CaseState.Dispatched] = [CaseState.InProgress, CaseState.Rejected],
        [CaseState.InProgress] = [CaseState.OnHold, CaseState.Resolved, CaseState.Rejected],
        [CaseState.OnHold] = [CaseState.InProgress, CaseState.Rejected],
    };

    /// <summary>Case states in which departments work on their tasks.</summary>
    public static readonly CaseState[] TaskWorkStates = [CaseState.Dispatched, CaseState.InProgress, CaseState.Escalated, CaseState.OnHold];

    /// <summary>The states a case in <paramref name="from"/> may move to; empty for final states.</summary>
    public static IReadOnlyList<CaseState> AllowedFrom(CaseState from) => CaseMoves.GetValueOrDefault(from) ?? [];

    /// <summary>The states a task in <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<CaseState> TaskAllowedFrom(CaseState from) => TaskMoves.GetValueOrDefault(from) ?? [];

    /// <summary>True for REJECTED, MERGED, CANCELLED and EVALUATED.</summary>
    public static bool IsFinal(CaseState state) =>
        state is CaseState.Rejected or CaseState.Merged or CaseState.Cancelled or CaseState.Evaluated;

    /// <summary>True while a task still counts: it has neither been resolved nor left the case.</summary>
    public static bool IsOpenTask(CaseTask task) => task.State is CaseState.Dispatched or CaseState.InProgress or CaseState.OnHold;

    /// <summary>True for a task that takes part in resolving the case (not returned, not cancelled).</summary>
    public static bool IsActiveTask(CaseTask task) => IsOpenTask(task) || task.State == CaseState.Resolved;

    /// <summary>Open311 GeoReport v2 status of a state: <c>open</c> or <c>closed</c>.</summary>
    public static string Open311Status(CaseState state) => state switch
    {
        CaseState.Reported or CaseState.Accepted or CaseState.Dispatched or CaseState.InProgress
            or CaseState.Escalated or CaseState.OnHold => "open",
        _ => "closed",
    };
}
