using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>
/// Changes a copy of a case step by step. Every step is one event and one version: a client that skips events
/// whose case_version it has seen never skips a step it has not.
/// </summary>
internal sealed class CaseEditor(Case original, DateTimeOffset now, CaseClock clock, string actor, string actorDepartment, string note)
{
    public Case Case { get; } = original.Clone();

    public List<CaseEvent> Events { get; } = [];

    public DateTimeOffset Now => now;

    /// <summary>Moves the case and starts the new stage's clock.</summary>
    public void MoveCase(CaseState to, string? eventNote = null)
    {
        var from = Case.State;
        Case.State = to;
        Case.StageDeadline = CaseLifecycle.IsFinal(to) ? null : clock.Deadline(Case, to, now);
        Emit(CaseEventType.StateChanged, from, "", CaseState.Unspecified, eventNote);
    }

    /// <summary>Moves a task and starts its new stage's clock (none once it left the open states).</summary>
    public void MoveTask(CaseTask task, CaseState to, string? eventNote = null)
    {
        task.State = to;
        task.StageDeadline = CaseLifecycle.IsOpenTask(task) ? clock.Deadline(Case, to, now) : null;
        task.UpdateTime = Timestamp.FromDateTimeOffset(now);
        Emit(CaseEventType.TaskStateChanged, Case.State, task.TaskId, to, eventNote);
    }

    /// <summary>Adds a task for a department in DISPATCHED, without an event (the caller emits).</summary>
    public CaseTask AddTask(string department, bool lead)
    {
        var task = new CaseTask
        {
            TaskId = $"{Case.CaseId}-T{Case.Tasks.Count + 1}",
            Department = department,
            Lead = lead,
            State = CaseState.Dispatched,
            CreateTime = Timestamp.FromDateTimeOffset(now),
            UpdateTime = Timestamp.FromDateTimeOffset(now),
        };
        task.StageDeadline = clock.Deadline(Case, CaseState.Dispatched, now);
        Case.Tasks.Add(task);
        return task;
    }

    /// <summary>Announces a task that <see cref="AddTask"/> created.</summary>
    public void TaskCreated(CaseTask task) => Emit(CaseEventType.TaskStateChanged, Case.State, task.TaskId, task.State, null);

    /// <summary>Records a change of the overdue or supervised flags.</summary>
    public void FlagsChanged(string eventNote) => Emit(CaseEventType.FlagsChanged, Case.State, "", CaseState.Unspecified, eventNote);

    private void Emit(CaseEventType type, CaseState from, string taskId, CaseState taskState, string? eventNote)
    {
        Case.Version++;
        Case.UpdateTime = Timestamp.FromDateTimeOffset(now);
        if (type != CaseEventType.FlagsChanged)
            clock.RefreshOverdue(Case, now);
        Events.Add(new CaseEvent
        {
            CaseId = Case.CaseId,
            Type = type,
            FromState = from,
            ToState = Case.State,
            TaskId = taskId,
            TaskState = taskState,
            ActorDepartment = actorDepartment,
            Actor = actor,
            Note = eventNote ?? note,
            EventTime = Timestamp.FromDateTimeOffset(now),
            CaseVersion = Case.Version,
            Snapshot = Case.Clone(),
        });
    }
}
