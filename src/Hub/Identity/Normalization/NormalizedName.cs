namespace Hub.Identity.Normalization;

/// <summary>A person's name after <see cref="PersonName.Normalize(string?)"/>.</summary>
public sealed class NormalizedName
{
    /// <summary>The name of a record that has none (null, blank or a placeholder such as 不详).</summary>
    public static readonly NormalizedName Empty = new(string.Empty, string.Empty, string.Empty, null, null, false);

    internal NormalizedName(string display, string key, string pinyinKey, string? surname, string? surnamePinyin, bool hasUnreadable)
    {
        Display = display;
        Key = key;
        PinyinKey = pinyinKey;
        Surname = surname;
        SurnamePinyin = surnamePinyin;
        HasUnreadableCharacters = hasUnreadable;
    }

    /// <summary>Clean simplified name for display: the parts of a minority name joined by U+00B7 <c>·</c>.</summary>
    public string Display { get; }

    /// <summary>Exact-comparison key: simplified, no dots, no spaces, ASCII letters upper case.</summary>
    public string Key { get; }

    /// <summary>
    /// Toneless pinyin of every character of <see cref="Key"/>, lower case, no separators (王芳 and 王方
    /// are both <c>wangfang</c>). The surname part reads as <see cref="SurnamePinyin"/> (单 → <c>shan</c>);
    /// the rest uses each character's most common reading; ASCII letters are lower-cased; a character
    /// with no reading stands for itself.
    /// </summary>
    public string PinyinKey { get; }

    /// <summary>
    /// The leading surname: a known two-character compound (欧阳) when the name has at least three
    /// characters, else the first character. For minority names this is simply the first character,
    /// the same whether the record wrote the dot or not. Null when the name does not start with a
    /// Chinese character.
    /// </summary>
    public string? Surname { get; }

    /// <summary>Toneless reading of <see cref="Surname"/> as a surname (单 → <c>shan</c>, 尉迟 → <c>yuchi</c>); null when no surname.</summary>
    public string? SurnamePinyin { get; }

    /// <summary>True when some character of the key has no pinyin reading (Latin letters, digits, symbols, unknown ideographs).</summary>
    public bool HasUnreadableCharacters { get; }

    /// <summary>True when the record has no usable name.</summary>
    public bool IsEmpty => Key.Length == 0;

    /// <summary>True when both keys have the same number of characters and differ in exactly one position.</summary>
    public bool DiffersByOneCharacterFrom(NormalizedName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return PersonName.DiffersByOneCharacter(Key, other.Key);
    }

    /// <inheritdoc />
    public override string ToString() => Display;
}
