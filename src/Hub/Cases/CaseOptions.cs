using System.Globalization;
using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>Case handling settings (<c>Hub:Cases</c>): the working calendar, default stage limits and escalation.</summary>
public sealed class CaseOptions
{
    /// <summary>Offset of the city's local time from UTC (China Standard Time has no daylight saving), e.g. <c>08:00</c>.</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Local time the working day starts, e.g. <c>08:30</c>.</summary>
    public TimeSpan WorkdayStart { get; set; } = new(8, 30, 0);

    /// <summary>Local time the working day ends, e.g. <c>17:30</c>.</summary>
    public TimeSpan WorkdayEnd { get; set; } = new(17, 30, 0);

    /// <summary>Public holidays (<c>yyyy-MM-dd</c>, local dates): no working hours, whatever the weekday.</summary>
    public string[] Holidays { get; set; } = [];

    /// <summary>Weekend dates that are working days (make-up days around holidays), <c>yyyy-MM-dd</c>.</summary>
    public string[] ExtraWorkdays { get; set; } = [];

    /// <summary>
    /// Default time limit per stage in working hours, keyed by state name (<c>REPORTED</c>, <c>DISPATCHED</c> …);
    /// a routing rule's own time limits win. A state with no limit has no deadline.
    /// </summary>
    public Dictionary<string, int> StageHours { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Working hours a case may stay overdue before the hub escalates it: it becomes supervised and, when it is
    /// <c>IN_PROGRESS</c>, moves to <c>ESCALATED</c>. 0 switches automatic escalation off.
    /// </summary>
    public int EscalateAfterOverdueHours { get; set; } = 8;

    /// <summary>How often the deadline timer looks for cases that fell due (at least one second).</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stage limits used when <see cref="StageHours"/> does not name a state.</summary>
    public static readonly IReadOnlyDictionary<CaseState, int> DefaultStageHours = new Dictionary<CaseState, int>
    {
        [CaseState.Reported] = 2,
        [CaseState.Accepted] = 4,
        [CaseState.Dispatched] = 4,
        [CaseState.InProgress] = 40,
        [CaseState.Escalated] = 16,
        [CaseState.Resolved] = 16,
        [CaseState.Closed] = 40,
    };

    /// <summary>Adds a message naming the key for every bad setting (the hub's validator calls this).</summary>
    public static void Validate(CaseOptions o, string prefix, List<string> errors)
    {
        if (o.UtcOffset < TimeSpan.FromHours(-14) || o.UtcOffset > TimeSpan.FromHours(14))
            errors.Add($"{prefix}:UtcOffset must be between -14:00 and 14:00, got {o.UtcOffset}.");
        if (o.WorkdayStart < TimeSpan.Zero || o.WorkdayEnd > TimeSpan.FromHours(24) || o.WorkdayEnd <= o.WorkdayStart)
            errors.Add($"{prefix}:WorkdayStart and WorkdayEnd must be times of day with the start before the end, got {o.WorkdayStart} and {o.WorkdayEnd}.");
        for (var i = 0; i < o.Holidays.Length; i++)
            if (!TryDate(o.Holidays[i], out _))
                errors.Add($"{prefix}:Holidays:{i} must be a date yyyy-MM-dd, got '{o.Holidays[i]}'.");
        for (var i = 0; i < o.ExtraWorkdays.Length; i++)
            if (!TryDate(o.ExtraWorkdays[i], out _))
                errors.Add($"{prefix}:ExtraWorkdays:{i} must be a date yyyy-MM-dd, got '{o.ExtraWorkdays[i]}'.");
        foreach (var (key, hours) in o.StageHours)
        {
            if (!CaseStates.TryParse(key, out var state) || CaseLifecycle.IsFinal(state))
                errors.Add($"{prefix}:StageHours:{key} names no open case state (use REPORTED, ACCEPTED, DISPATCHED, IN_PROGRESS, ESCALATED, ON_HOLD, RESOLVED or CLOSED).");
            else if (hours is < 0 or > 10_000)
                errors.Add($"{prefix}:StageHours:{key} must be 0 (no limit) to 10000 working hours, got {hours}.");
        }
        if (o.EscalateAfterOverdueHours is < 0 or > 10_000)
            errors.Add($"{prefix}:EscalateAfterOverdueHours must be 0 (off) to 10000, got {o.EscalateAfterOverdueHours}.");
        if (o.TimerInterval < TimeSpan.FromSeconds(1) || o.TimerInterval > TimeSpan.FromHours(1))
            errors.Add($"{prefix}:TimerInterval must be between 00:00:01 and 01:00:00, got {o.TimerInterval}.");
    }

    /// <summary>The limit of a stage from these options: <see cref="StageHours"/>, else the default; 0 means none.</summary>
    public int HoursFor(CaseState state)
    {
        foreach (var (key, hours) in StageHours)
            if (CaseStates.TryParse(key, out var s) && s == state)
                return hours;
        return DefaultStageHours.GetValueOrDefault(state);
    }

    internal static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
