namespace Hub.Identity.Normalization;

/// <summary>What <see cref="DateText.Parse(string?)"/> made of a date.</summary>
public enum DateStatus
{
    /// <summary>No date: empty, a placeholder (无, 0, 00000000, 1900-01-01).</summary>
    Missing = 0,

    /// <summary>A complete, real date.</summary>
    Ok = 1,

    /// <summary>Only the year, or the year and month, are known (<c>1985年3月</c>, <c>198503</c>, <c>19850300</c>).</summary>
    Partial = 2,

    /// <summary>A recognised form that names no real date (<c>19850231</c>, month 13, serial 60). Never corrected.</summary>
    Invalid = 3,

    /// <summary>Day and month order unknown (<c>03/04/1985</c>); both readings are offered.</summary>
    Ambiguous = 4,

    /// <summary>Not a date form this parser knows.</summary>
    Unrecognized = 5,
}
