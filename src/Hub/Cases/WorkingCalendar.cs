namespace Hub.Cases;

/// <summary>
/// The city's working time: weekdays between the workday start and end, local time, less holidays,
/// plus make-up working days on weekends. Deadlines are counted in these hours.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly TimeSpan _offset;
    private readonly TimeSpan _start;
    private readonly TimeSpan _end;
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _extraWorkdays;

    /// <summary>Creates the calendar from validated options.</summary>
    public WorkingCalendar(CaseOptions options)
    {
        _offset = options.UtcOffset;
        _start = options.WorkdayStart;
        _end = options.WorkdayEnd;
        _holidays = Dates(options.Holidays);
        _extraWorkdays = Dates(options.ExtraWorkdays);
    }

    /// <summary>True when the local date has working hours.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        if (_holidays.Contains(date))
            return false;
        if (_extraWorkdays.Contains(date))
            return true;
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The moment <paramref name="hours"/> working hours after <paramref name="from"/> (UTC).</summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset from, double hours)
    {
        if (hours < 0)
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "must not be negative");
        var remaining = TimeSpan.FromHours(hours);
        var local = from.ToOffset(_offset);
        var day = DateOnly.FromDateTime(local.DateTime);
        var cursor = local;
        // A year without a single working day means a broken calendar; stop rather than loop forever.
        for (var guard = 0; guard < 3660; guard++, day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
                continue;
            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), _offset);
            var windowStart = dayStart + _start;
            var windowEnd = dayStart + _end;
            var begin = cursor > windowStart ? cursor : windowStart;
            if (begin >= windowEnd)
                continue;
            if (begin + remaining <= windowEnd)
                return (begin + remaining).ToUniversalTime();
            remaining -= windowEnd - begin;
        }
        throw new InvalidOperationException("the working calendar has no working day within ten years");
    }

    private static HashSet<DateOnly> Dates(IEnumerable<string> texts)
    {
        var set = new HashSet<DateOnly>();
        foreach (var t in texts)
            if (CaseOptions.TryDate(t, out var d))
                set.Add(d);
        return set;
    }
}
