namespace Hub.Identity.Normalization;

/// <summary>A citizen ID number after <see cref="CitizenIdNumber.Parse(string?, DateOnly)"/>.</summary>
public readonly record struct IdNumberResult
{
    /// <summary>What the input was judged to be.</summary>
    public IdNumberStatus Status { get; init; }

    /// <summary>The normalised 18-character number; set only when <see cref="Status"/> is <see cref="IdNumberStatus.Valid"/>.</summary>
    public string? Value { get; init; }

    /// <summary>
    /// The cleaned characters (half-width, no spaces or dashes, upper-case X; a 15-digit number
    /// upgraded to 18) even when the number failed a check: fuzzy evidence for the matcher.
    /// Null when Missing or InvalidCharacters.
    /// </summary>
    public string? Cleaned { get; init; }

    /// <summary>The birth date encoded in the number, when it is a plausible date (also for a bad checksum).</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>The sex encoded in the number (17th digit odd = male); Unknown when the number carries no plausible birth date.</summary>
    public Sex Sex { get; init; }

    /// <summary>The 6-digit administrative area code at the start of the number, when there is a cleaned number.</summary>
    public string? AreaCode { get; init; }

    /// <summary>True when the input was a first-generation 15-digit number.</summary>
    public bool UpgradedFrom15 { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="IdNumberStatus.Valid"/>.</summary>
    public bool IsValid => Status == IdNumberStatus.Valid;

    /// <summary>Compares the birth date and sex in the number with a record's own (null / Unknown = not stated).</summary>
    public IdCrossCheck CrossCheck(DateOnly? recordBirthDate, Sex recordSex) =>
        new(Compare(BirthDate, recordBirthDate), CompareSex(recordSex));

    /// <summary>
    /// Compares with a record's parsed birth date: a partial date compares the parts it has, an
    /// ambiguous one agrees when either reading equals the number's date.
    /// </summary>
    public IdCrossCheck CrossCheck(DateParseResult recordBirthDate, Sex recordSex) =>
        new(CompareParsed(recordBirthDate), CompareSex(recordSex));

    private static Agreement Compare(DateOnly? mine, DateOnly? theirs) =>
        mine is null || theirs is null ? Agreement.Unknown : mine == theirs ? Agreement.Agrees : Agreement.Disagrees;

    private Agreement CompareSex(Sex recordSex) =>
        Sex == Sex.Unknown || recordSex == Sex.Unknown ? Agreement.Unknown
        : Sex == recordSex ? Agreement.Agrees : Agreement.Disagrees;

    private Agreement CompareParsed(DateParseResult date)
    {
        if (BirthDate is not { } mine)
            return Agreement.Unknown;
        switch (date.Status)
        {
            case DateStatus.Ok:
                return Compare(mine, date.Value);
            case DateStatus.Partial:
                var same = mine.Year == date.Year && (date.Month == 0 || mine.Month == date.Month);
                return same ? Agreement.Agrees : Agreement.Disagrees;
            case DateStatus.Ambiguous:
                return mine == date.DayFirstReading || mine == date.MonthFirstReading ? Agreement.Agrees : Agreement.Disagrees;
            default:
                return Agreement.Unknown;
        }
    }
}
