using System.Text;

namespace Hub.Identity.Normalization;

/// <summary>
/// Normalises personal names as departments type them: stray and inner spaces, full-width Latin,
/// traditional characters, and the many ways of writing the middle dot of minority names.
/// </summary>
public static class PersonName
{
    private const int MaxParts = 16;
    private const char MiddleDot = '\u00B7';

    /// <summary>
    /// Normalises a name. Spaces (ASCII, U+3000, NBSP) are removed, except that a space between two
    /// Chinese parts of two or more characters each (阿依古丽 买买提) is read as the missing middle dot,
    /// unless the left part is a compound surname (欧阳 娜娜). Dots <c>· • ‧ ・ . ． ﹒</c> become U+00B7.
    /// A space between two Latin words stays a space in <see cref="NormalizedName.Display"/>.
    /// </summary>
    public static NormalizedName Normalize(string? raw)
    {
        if (raw is null)
            return NormalizedName.Empty;
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty || Placeholders.IsPlaceholder(text))
            return NormalizedName.Empty;

        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length * 2] : new char[text.Length * 2];
        Span<int> partEnds = stackalloc int[MaxParts];
        Span<byte> separators = stackalloc byte[MaxParts]; // separator before part i: 0 none, 1 space, 2 dot
        var length = ReadParts(text, buffer, partEnds, separators, out var parts);
        if (length == 0)
            return NormalizedName.Empty;
        var key = buffer[..length];

        var display = new StringBuilder(length + parts);
        var partStart = 0;
        var mergedStart = 0;
        for (var p = 0; p < parts; p++)
        {
            var part = key[partStart..partEnds[p]];
            if (p > 0)
            {
                var separator = separators[p] == 2 ? MiddleDot : SpaceSeparator(key[mergedStart..partStart], part);
                if (separator != '\0')
                {
                    display.Append(separator);
                    mergedStart = partStart;
                }
            }
            display.Append(part);
            partStart = partEnds[p];
        }

        var (surname, surnamePinyin, pinyinKey, unreadable) = Readings(key);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] is >= 'a' and <= 'z')
                key[i] = (char)(key[i] - 32);
        }
        return new NormalizedName(display.ToString(), key.ToString(), pinyinKey, surname, surnamePinyin, unreadable);
    }

    /// <summary>True when two comparison keys have the same number of characters and differ in exactly one.</summary>
    public static bool DiffersByOneCharacter(string? keyA, string? keyB)
    {
        if (string.IsNullOrEmpty(keyA) || string.IsNullOrEmpty(keyB))
            return false;
        var a = keyA.EnumerateRunes();
        var b = keyB.EnumerateRunes();
        var differences = 0;
        while (true)
        {
            var moreA = a.MoveNext();
            var moreB = b.MoveNext();
            if (moreA != moreB)
                return false;
            if (!moreA)
                return differences == 1;
            if (a.Current != b.Current && ++differences > 1)
                return false;
        }
    }

    // Copies the name into buffer without separators, folding width and script; records where each part ends.
    private static int ReadParts(ReadOnlySpan<char> text, Span<char> buffer, Span<int> partEnds, Span<byte> separators, out int parts)
    {
        var simplified = SimplifiedChinese.Instance;
        var length = 0;
        byte pending = 0;
        parts = 0;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            int cp;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(c, text[i + 1]);
                i += 2;
            }
            else
            {
                i++;
                if (CharacterForms.IsSpace(c))
                {
                    pending = Math.Max(pending, (byte)1);
                    continue;
                }
                if (IsNameDot(c))
                {
                    pending = 2;
                    continue;
                }
                cp = char.IsSurrogate(c) ? 0xFFFD : CharacterForms.ToHalfWidth(c);
            }

            cp = simplified.ToSimplified(cp);
            if (length > 0 && pending != 0 && parts < MaxParts - 1)
            {
                partEnds[parts++] = length;
                separators[parts] = pending;
            }
            pending = 0;
            length += new Rune(cp).EncodeToUtf16(buffer[length..]);
        }
        if (length > 0)
            partEnds[parts++] = length;
        return length;
    }

    // The character a space between two parts stands for: a space between Latin words, the middle dot
    // between two Chinese parts of two or more characters (the left not a compound surname), else nothing.
    private static char SpaceSeparator(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        if (char.IsAsciiLetterOrDigit(left[^1]) && char.IsAsciiLetterOrDigit(right[0]))
            return ' ';
        if (!CharacterForms.IsCjkIdeograph(CharacterForms.CodePointAt(left, left.Length - 1)) ||
            !CharacterForms.IsCjkIdeograph(CharacterForms.CodePointAt(right, 0)))
            return '\0';
        if (RuneCount(left) < 2 || RuneCount(right) < 2)
            return '\0';
        return left.Length == 2 && Surnames.IsCompound(left) ? '\0' : MiddleDot;
    }

    private static (string? Surname, string? SurnamePinyin, string PinyinKey, bool Unreadable) Readings(ReadOnlySpan<char> key)
    {
        var table = PinyinTable.Instance;
        var pinyin = new StringBuilder(key.Length * 4);
        var unreadable = false;
        string? surname = null;
        string? surnamePinyin = null;
        var start = 0;
        var first = CharacterForms.CodePointAt(key, 0);
        if (CharacterForms.IsCjkIdeograph(first))
        {
            var surnameLength = first >= 0x10000 ? 2 : 1;
            if (surnameLength == 1 && key.Length >= 3 && RuneCount(key) >= 3 && Surnames.IsCompound(key[..2]))
                surnameLength = 2;
            surname = key[..surnameLength].ToString();
            surnamePinyin = Surnames.ReadingOverride(surname);
            if (surnamePinyin is null)
            {
                unreadable |= AppendReadings(pinyin, key[..surnameLength], table);
                surnamePinyin = pinyin.ToString();
            }
            else
            {
                pinyin.Append(surnamePinyin);
            }
            start = surnameLength;
        }
        unreadable |= AppendReadings(pinyin, key[start..], table);
        return (surname, surnamePinyin, pinyin.ToString(), unreadable);
    }

    // Appends each character's reading; returns true when some character had none.
    private static bool AppendReadings(StringBuilder pinyin, ReadOnlySpan<char> text, PinyinTable table)
    {
        var unreadable = false;
        for (var i = 0; i < text.Length;)
        {
            var cp = CharacterForms.CodePointAt(text, i);
            var width = cp >= 0x10000 ? 2 : 1;
            var reading = table.Reading(cp);
            if (reading is not null)
            {
                pinyin.Append(reading);
            }
            else
            {
                unreadable = true;
                if (char.IsAsciiLetterUpper(text[i]))
                    pinyin.Append((char)(text[i] + 32));
                else
                    pinyin.Append(text.Slice(i, width));
            }
            i += width;
        }
        return unreadable;
    }

    private static int RuneCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]))
                count++;
        }
        return count;
    }

    private static bool IsNameDot(char c) =>
        c is '\u00B7' or '\u2022' or '\u2027' or '\u30FB' or '.' or '\uFF0E' or '\uFE52' or '\u2219' or '\u22C5' or '\uFF65' or '\u0387';
}
