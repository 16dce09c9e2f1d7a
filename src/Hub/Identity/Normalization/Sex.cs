namespace Hub.Identity.Normalization;

/// <summary>Sex as GB/T 2261.1 codes it (0 unknown, 1 male, 2 female).</summary>
public enum Sex
{
    /// <summary>Not known or not stated.</summary>
    Unknown = 0,

    /// <summary>Male (odd 17th digit of a citizen ID number).</summary>
    Male = 1,

    /// <summary>Female (even 17th digit of a citizen ID number).</summary>
    Female = 2,
}
