using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>
/// Stage deadlines, overdue flags and escalation. Stateless over a case snapshot: what the flags should be
/// at a moment, and when the case next needs looking at.
/// </summary>
public sealed class CaseClock(WorkingCalendar calendar, CaseOptions options, RoutingTable routing)
{
    /// <summary>The deadline of a stage entered at <paramref name="from"/>, or null when the stage has no limit.</summary>
    public Timestamp? Deadline(Case c, CaseState stage, DateTimeOffset from)
    {
        var hours = HoursFor(c, stage);
        return hours <= 0 ? null : Timestamp.FromDateTimeOffset(calendar.AddWorkingHours(from, hours));
    }

    /// <summary>Working hours of a stage: the case's routing rule's limit, else the configured default.</summary>
    public int HoursFor(Case c, CaseState stage)
    {
        var rule = routing.Match(c.Category?.Code ?? "", c.DivisionCode);
        var limit = rule?.TimeLimits.FirstOrDefault(l => l.State == stage);
        return limit?.WorkingHours ?? options.HoursFor(stage);
    }

    /// <summary>
    /// Sets the overdue flags of the case and its tasks as they are at <paramref name="now"/>; returns the earliest
    /// deadline that has passed, or null when nothing is overdue.
    /// </summary>
    public DateTimeOffset? RefreshOverdue(Case c, DateTimeOffset now)
    {
        var earliestPassed = (DateTimeOffset?)null;
        foreach (var task in c.Tasks)
        {
            task.Overdue = CaseLifecycle.IsOpenTask(task) && task.StageDeadline is { } d && d.ToDateTimeOffset() <= now;
            if (task.Overdue)
                earliestPassed = Min(earliestPassed, task.StageDeadline!.ToDateTimeOffset());
        }
        var stagePassed = !CaseLifecycle.IsFinal(c.State) && c.StageDeadline is { } sd && sd.ToDateTimeOffset() <= now;
        if (stagePassed)
            earliestPassed = Min(earliestPassed, c.StageDeadline!.ToDateTimeOffset());
        c.Overdue = earliestPassed is not null;
        return earliestPassed;
    }

    /// <summary>
    /// Sets the overdue flags and, by the escalation rule, the supervised flag as they should be at
    /// <paramref name="now"/>. Returns true when the case should now move from <c>IN_PROGRESS</c> to <c>ESCALATED</c>.
    /// </summary>
    public bool ApplyFlags(Case c, DateTimeOffset now)
    {
        var earliestPassed = RefreshOverdue(c, now);
        if (earliestPassed is null || options.EscalateAfterOverdueHours == 0 || c.Supervised)
            return false;
        if (calendar.AddWorkingHours(earliestPassed.Value, options.EscalateAfterOverdueHours) > now)
            return false;
        c.Supervised = true;
        return c.State == CaseState.InProgress;
    }

    /// <summary>When the flags of <paramref name="c"/> may next change with time alone, or null for never.</summary>
    public DateTimeOffset? NextDue(Case c, DateTimeOffset now)
    {
        if (CaseLifecycle.IsFinal(c.State))
            return null;
        DateTimeOffset? next = null;
        DateTimeOffset? earliestPassed = null;
        void Consider(Timestamp? deadline)
        {
            if (deadline is null)
                return;
            var d = deadline.ToDateTimeOffset();
            if (d > now)
                next = Min(next, d);
            else
                earliestPassed = Min(earliestPassed, d);
        }
        Consider(c.StageDeadline);
        foreach (var task in c.Tasks.Where(CaseLifecycle.IsOpenTask))
            Consider(task.StageDeadline);
        if (earliestPassed is { } passed && !c.Supervised && options.EscalateAfterOverdueHours > 0)
        {
            var escalate = calendar.AddWorkingHours(passed, options.EscalateAfterOverdueHours);
            next = Min(next, escalate > now ? escalate : now);
        }
        return next;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a;
}
