namespace Hub.Identity.Normalization;

/// <summary>A date after <see cref="DateText.Parse(string?)"/>.</summary>
public readonly record struct DateParseResult
{
    /// <summary>What the input was judged to be.</summary>
    public DateStatus Status { get; init; }

    /// <summary>The date; set only when <see cref="Status"/> is <see cref="DateStatus.Ok"/>.</summary>
    public DateOnly? Value { get; init; }

    /// <summary>The year, or 0 when unknown (Ok, Partial and Ambiguous carry it).</summary>
    public int Year { get; init; }

    /// <summary>The month, or 0 when unknown (Ok and year-month Partial carry it).</summary>
    public int Month { get; init; }

    /// <summary>The day, or 0 when unknown (Ok only).</summary>
    public int Day { get; init; }

    /// <summary>For an Ambiguous date, the reading day/month/year (<c>03/04/1985</c> → 1985-04-03), when that reading is a real date.</summary>
    public DateOnly? DayFirstReading { get; init; }

    /// <summary>For an Ambiguous date, the reading month/day/year (<c>03/04/1985</c> → 1985-03-04), when that reading is a real date.</summary>
    public DateOnly? MonthFirstReading { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="DateStatus.Ok"/>.</summary>
    public bool IsComplete => Status == DateStatus.Ok;

    internal static DateParseResult Of(DateStatus status) => new() { Status = status };
}
