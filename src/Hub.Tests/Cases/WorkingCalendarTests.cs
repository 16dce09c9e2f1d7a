using Hub.Cases;

namespace Hub.Tests.Cases;

public sealed class WorkingCalendarTests
{
    // 2026-11-02 is a Monday; local time is UTC+8, the working day 08:30-17:30.
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static WorkingCalendar Calendar(string[]? holidays = null, string[]? extra = null) =>
        new(new CaseOptions { Holidays = holidays ?? [], ExtraWorkdays = extra ?? [] });

    [Fact]
    public void AddWorkingHours_WithinTheDay_SameDay()
    {
        Assert.Equal(Local(2, 12), Calendar().AddWorkingHours(Local(2, 9), 3));
    }

    [Fact]
    public void AddWorkingHours_PastTheEndOfDay_ContinuesNextMorning()
    {
        // 16:00 + 4 h: 1.5 h on Monday, 2.5 h from 08:30 on Tuesday.
        Assert.Equal(Local(3, 11), Calendar().AddWorkingHours(Local(2, 16), 4));
    }

    [Fact]
    public void AddWorkingHours_ReportedAtNight_ClockStartsAtNextWorkdayStart()
    {
        Assert.Equal(Local(3, 10, 30), Calendar().AddWorkingHours(Local(2, 22), 2));
    }

    [Fact]
    public void AddWorkingHours_OverWeekend_SkipsSaturdayAndSunday()
    {
        // Friday 2026-11-06 17:00 + 1 h: half an hour on Friday, the rest on Monday 11-09.
        Assert.Equal(Local(9, 9), Calendar().AddWorkingHours(Local(6, 17), 1));
    }

    [Fact]
    public void AddWorkingHours_Holiday_Skipped()
    {
        Assert.Equal(Local(4, 9, 30), Calendar(holidays: ["2026-11-03"]).AddWorkingHours(Local(2, 17, 30), 1));
    }

    [Fact]
    public void AddWorkingHours_MakeUpWorkdayOnSaturday_Counted()
    {
        Assert.Equal(Local(7, 9, 30), Calendar(extra: ["2026-11-07"]).AddWorkingHours(Local(6, 17, 30), 1));
    }

    [Fact]
    public void Validate_BadSettings_NamesEachKey()
    {
        var errors = new List<string>();
        CaseOptions.Validate(new CaseOptions
        {
            Holidays = ["2026-13-01"],
            WorkdayStart = TimeSpan.FromHours(18),
            StageHours = new() { ["SOLVED"] = 4, ["IN_PROGRESS"] = -1 },
        }, "Hub:Cases", errors);

        Assert.Contains(errors, e => e.StartsWith("Hub:Cases:Holidays:0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Cases:WorkdayStart", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Cases:StageHours:SOLVED", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Cases:StageHours:IN_PROGRESS", StringComparison.Ordinal));
    }
}
