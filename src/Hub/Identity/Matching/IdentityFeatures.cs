using Hub.Identity.Normalization;

namespace Hub.Identity.Matching;

/// <summary>
/// What matching needs of one person record, normalised once: the evidence every comparison
/// and blocking key is computed from. Kept in memory for every indexed record, so it stays small.
/// </summary>
public sealed class IdentityFeatures
{
    /// <summary>A valid 18-character citizen ID number, or null.</summary>
    public string? IdNumber { get; init; }

    /// <summary>An 18-character number that failed its check (a typo, usually), or null.</summary>
    public string? IdNumberInvalid { get; init; }

    /// <summary>The name's comparison key (simplified, no dots or spaces); empty when absent.</summary>
    public string NameKey { get; init; } = "";

    /// <summary>The name's toneless pinyin, for homophones.</summary>
    public string PinyinKey { get; init; } = "";

    /// <summary>The surname's pinyin, for blocking.</summary>
    public string SurnamePinyin { get; init; } = "";

    /// <summary>Birth year, month and day; 0 where unknown.</summary>
    public int BirthYear { get; init; }

    /// <summary>Birth month; 0 when unknown.</summary>
    public int BirthMonth { get; init; }

    /// <summary>Birth day; 0 when unknown.</summary>
    public int BirthDay { get; init; }

    /// <summary>Sex, from the record or else from its ID number.</summary>
    public Sex Sex { get; init; }

    /// <summary>Phone numbers in E.164 form.</summary>
    public string[] Phones { get; init; } = [];

    /// <summary>Normalised keys of the record's addresses (same flat = same key).</summary>
    public string[] AddressKeys { get; init; } = [];

    /// <summary>Coarser address keys (division, road and number) for partial agreement.</summary>
    public string[] AddressLocalities { get; init; } = [];

    /// <summary>True when the record's birth date is a complete, real date.</summary>
    public bool HasCompleteBirthDate => BirthYear > 0 && BirthMonth > 0 && BirthDay > 0;

    /// <summary>The complete birth date as yyyymmdd, or null.</summary>
    public string? BirthDateKey => HasCompleteBirthDate ? $"{BirthYear:D4}{BirthMonth:D2}{BirthDay:D2}" : null;

    /// <summary>The ID number to compare: the valid one, else the invalid one.</summary>
    public string? AnyIdNumber => IdNumber ?? IdNumberInvalid;

    private BlockingKeys? _blocking;

    /// <summary>Its blocking keys, computed on first use (a race only computes the same keys twice).</summary>
    public BlockingKeys Blocking => _blocking ??= BlockingKeys.For(this);

    // The index drops the keys of a record it holds: a million indexed records kept two objects each for nothing.
    internal void ForgetBlocking() => _blocking = null;
}
