using System.Text;

namespace Hub.Addresses;

/// <summary>
/// Brings address text to one alphabet before parsing: full-width forms become half-width,
/// whitespace and punctuation disappear, dash variants become <c>-</c>, letters become upper case
/// and a few traditional characters common in addresses become simplified.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Returns the normalised form of <paramref name="text"/>; never null.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        var buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var raw in text)
        {
            var c = Map(raw);
            if (c != '\0')
                buffer[n++] = c;
        }
        return new string(buffer[..n]);
    }

    /// <summary>Maps one character to its normalised form, or to <c>'\0'</c> when it is dropped.</summary>
    private static char Map(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
            c = (char)(c - 0xFEE0);
        if (c < 128)
        {
            if (c is >= 'a' and <= 'z')
                return (char)(c - 32);
            if (char.IsAsciiLetterOrDigit(c) || c == '#')
                return c;
            return c is '-' or '_' or '~' or '/' ? '-' : '\0';
        }
        return c switch
        {
            '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
            '號' => '号',
            '樓' => '楼',
            '棟' => '栋',
            '單' or '単' => '单', // 単: the Japanese form, typed with a Japanese input method
            '區' => '区',
            '縣' => '县',
            '鎮' => '镇',
            '鄉' => '乡',
            '莊' => '庄',
            '層' => '层',
            _ when char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c) => '\0',
            _ => c,
        };
    }

    /// <summary>True for characters that end a road name: 路, 街, 巷, 弄, 道 (大道).</summary>
    internal static bool IsRoadSuffix(char c) => c is '路' or '街' or '巷' or '弄' or '道';

    /// <summary>
    /// True when a road suffix (路, 巷, 弄, 街 but not 街道, 大道, 大街) follows position <paramref name="i"/>,
    /// perhaps after up to <paramref name="maxGap"/> direction characters (新桥东路) and, when
    /// <paramref name="numerals"/> is set, order numerals (新安二路).
    /// </summary>
    internal static bool FollowedByRoad(ReadOnlySpan<char> s, int i, int maxGap = 2, bool numerals = true)
    {
        for (var skipped = 0; i < s.Length; skipped++, i++)
        {
            var c = s[i];
            if (c is '路' or '巷' or '弄')
                return true;
            if (c == '街')
                return i + 1 >= s.Length || s[i + 1] is not ('道' or '乡' or '镇'); // 大街乡 is a township
            if (c == '大' && i + 1 < s.Length && s[i + 1] is '道' or '街')
                return i + 2 >= s.Length || s[i + 2] is not ('乡' or '镇');
            if (skipped >= maxGap)
                return false;
            if (!("东西南北中".Contains(c) || (numerals && "一二三四五六七八九十".Contains(c))))
                return false;
        }
        return false;
    }

    /// <summary>True for ASCII digits.</summary>
    internal static bool IsDigit(char c) => c is >= '0' and <= '9';

    /// <summary>Builds a string from a span without an intermediate allocation when empty.</summary>
    internal static string Text(ReadOnlySpan<char> span) => span.IsEmpty ? string.Empty : new string(span);

    /// <summary>Appends <paramref name="value"/> with a separator when both are non-empty.</summary>
    internal static void AppendPart(StringBuilder sb, string value)
    {
        if (value.Length == 0)
            return;
        if (sb.Length > 0)
            sb.Append(' ');
        sb.Append(value);
    }
}
