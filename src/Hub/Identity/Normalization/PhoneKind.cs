namespace Hub.Identity.Normalization;

/// <summary>What <see cref="PhoneNumber.Normalize(string?, string?)"/> made of a phone number.</summary>
public enum PhoneKind
{
    /// <summary>No number: empty, a placeholder (无, /, -) or all one digit.</summary>
    Missing = 0,

    /// <summary>A mainland mobile number (11 digits, 1[3-9]…).</summary>
    Mobile = 1,

    /// <summary>A landline with its area code (0570-1234567).</summary>
    Landline = 2,

    /// <summary>A 7- or 8-digit landline without area code and no default area code was given; not in E.164.</summary>
    LocalLandline = 3,

    /// <summary>Anything else; <see cref="PhoneResult.Digits"/> keeps the cleaned digits.</summary>
    Invalid = 4,
}
