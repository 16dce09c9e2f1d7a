namespace Hub.Identity.Normalization;

/// <summary>A phone number after <see cref="PhoneNumber.Normalize(string?, string?)"/>.</summary>
public readonly record struct PhoneResult
{
    /// <summary>What the input was judged to be.</summary>
    public PhoneKind Kind { get; init; }

    /// <summary>E.164 form (<c>+8613812345678</c>, <c>+865701234567</c>) for Mobile and Landline; otherwise null.</summary>
    public string? Value { get; init; }

    /// <summary>The extension (<c>转123</c>, <c>ext 123</c>, a trailing <c>-123</c>), digits only; null when none.</summary>
    public string? Extension { get; init; }

    /// <summary>The cleaned digits of the main number as written (prefixes included); null when Missing.</summary>
    public string? Digits { get; init; }

    /// <summary>True for Mobile and Landline, the kinds with an E.164 <see cref="Value"/>.</summary>
    public bool HasValue => Value is not null;
}
