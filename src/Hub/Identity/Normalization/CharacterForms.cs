namespace Hub.Identity.Normalization;

/// <summary>Small character tests and width folding shared by the normalisers.</summary>
internal static class CharacterForms
{
    /// <summary>Folds a full-width ASCII form (U+FF01–U+FF5E) to its ASCII counterpart; other characters unchanged.</summary>
    public static char ToHalfWidth(char c) => c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;

    /// <summary>The value of an ASCII or full-width decimal digit, or -1.</summary>
    public static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '\uFF10' and <= '\uFF19' => c - '\uFF10',
        _ => -1,
    };

    /// <summary>Spaces of any width, including the ideographic space and the no-break space.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\u3000' or '\u00A0' or '\u202F' or '\u2007' || char.IsWhiteSpace(c);

    /// <summary>Hyphens and dashes that clerks type between digit groups.</summary>
    public static bool IsDash(char c) => c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFF0D' or '\uFE63';

    /// <summary>True when every character of a non-empty span is the same.</summary>
    public static bool AllSame(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
            return false;
        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] != s[0])
                return false;
        }
        return true;
    }

    /// <summary>True for code points in the CJK ideograph blocks (URO, extensions A–I, compatibility).</summary>
    public static bool IsCjkIdeograph(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or 0x3007
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x323AF);

    /// <summary>The code point at an index, joining a surrogate pair; a lone surrogate is returned as itself.</summary>
    public static int CodePointAt(ReadOnlySpan<char> s, int index) =>
        char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1])
            ? char.ConvertToUtf32(s[index], s[index + 1])
            : s[index];
}
