using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>
/// Progress on a case that a department entered in its own system and the hub has not heard of yet.
/// </summary>
/// <param name="CaseId">The hub case id.</param>
/// <param name="TaskId">The department's task of that case.</param>
/// <param name="TargetState">The task state the progress means (IN_PROGRESS, ON_HOLD, RESOLVED or REJECTED).</param>
/// <param name="Note">Explanation sent with the move (required by the hub for REJECTED).</param>
/// <param name="Token">The plugin's own marker of what was reported (e.g. the legacy status); handed back to <see cref="ICaseReceiver.MarkProgressAsync"/>.</param>
public sealed record CaseProgress(string CaseId, string TaskId, CaseState TargetState, string Note, string Token);

/// <summary>
/// Optional capability of an <see cref="IDepartmentAdapter"/>: receive the cases routed to the
/// department and report their progress. The host watches the hub's case events for the department,
/// hands each to <see cref="ApplyAsync"/> and keeps the cursor of the last one applied in its state
/// file; it polls <see cref="ReadProgressAsync"/> and moves the department's task on the hub.
/// </summary>
public interface ICaseReceiver
{
    /// <summary>
    /// Commits one case event into the department's system. Must be idempotent by
    /// (<see cref="CaseEvent.CaseId"/>, <paramref name="sequence"/>): after a crash the host hands over
    /// again the events after the last cursor it saved, which may include ones already committed.
    /// Throwing makes the host reconnect with backoff and hand the event over again.
    /// </summary>
    Task ApplyAsync(CaseEvent caseEvent, long sequence, CancellationToken cancellationToken);

    /// <summary>Progress entered in the department's system and not yet reported or refused.</summary>
    Task<IReadOnlyList<CaseProgress>> ReadProgressAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records the hub's answer to <paramref name="progress"/>: accepted (the task is in the target
    /// state), or refused with <paramref name="reason"/>. Either way the progress is not read again.
    /// <paramref name="caseVersion"/> is the case's version at the hub when it gave the answer (0 when the
    /// hub did not say). Events with an older version may still be on their way to <see cref="ApplyAsync"/>
    /// (the mirror can lag behind the reporter); they describe the case before the progress was taken in,
    /// so a plugin must not let them overwrite what its users entered.
    /// </summary>
    Task MarkProgressAsync(CaseProgress progress, bool accepted, string reason, long caseVersion, CancellationToken cancellationToken);
}
