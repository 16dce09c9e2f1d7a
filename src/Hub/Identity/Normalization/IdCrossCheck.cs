namespace Hub.Identity.Normalization;

/// <summary>Whether a value read from an ID number agrees with the one a record states.</summary>
public enum Agreement
{
    /// <summary>One side is unknown, so nothing can be said.</summary>
    Unknown = 0,

    /// <summary>Both sides are known and equal.</summary>
    Agrees = 1,

    /// <summary>Both sides are known and differ.</summary>
    Disagrees = 2,
}

/// <summary>The result of comparing an ID number's birth date and sex with a record's own fields.</summary>
/// <param name="BirthDate">Agreement of the birth dates.</param>
/// <param name="Sex">Agreement of the sexes.</param>
public readonly record struct IdCrossCheck(Agreement BirthDate, Agreement Sex)
{
    /// <summary>True when the birth date or the sex disagrees.</summary>
    public bool AnyDisagrees => BirthDate == Agreement.Disagrees || Sex == Agreement.Disagrees;

    /// <summary>True when both were known on both sides and both agree.</summary>
    public bool AllAgree => BirthDate == Agreement.Agrees && Sex == Agreement.Agrees;
}
