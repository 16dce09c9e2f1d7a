using System.Text;

namespace Hub.Addresses;

/// <summary>
/// Reads Chinese numerals as they appear in house numbers: positional (<c>十二</c>, <c>二十三</c>,
/// <c>一百零五</c>, <c>廿八</c>) and digit by digit (<c>三零一</c>, <c>二〇一</c>).
/// </summary>
public static class ChineseNumerals
{
    /// <summary>True for a character that can be part of a Chinese numeral.</summary>
    public static bool IsNumeral(char c) => DigitValue(c) >= 0 || c is '十' or '百' or '千' or '廿' or '卅';

    /// <summary>Parses a whole numeral; false when <paramref name="text"/> is empty or holds anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 12)
            return false;
        var positional = false;
        foreach (var c in text)
        {
            if (!IsNumeral(c))
                return false;
            if (c is '十' or '百' or '千' or '廿' or '卅')
                positional = true;
        }
        return positional ? TryParsePositional(text, out value) : TryParseDigits(text, out value);
    }

    /// <summary>
    /// Rewrites every run of Chinese numerals that stands before a unit marker (号, 幢, 单元, 室, 层 ...)
    /// or a dash as ASCII digits, dropping an ordinal <c>第</c>. Runs inside names (三衢路, 七里乡) stay.
    /// </summary>
    public static string ConvertBeforeMarkers(string text)
    {
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsNumeral(text[i]))
            {
                first = i;
                break;
            }
        }
        if (first < 0)
            return text;

        StringBuilder? sb = null;
        var copied = 0;
        var i2 = first;
        while (i2 < text.Length)
        {
            if (!IsNumeral(text[i2]))
            {
                i2++;
                continue;
            }
            var start = i2;
            while (i2 < text.Length && IsNumeral(text[i2]))
                i2++;
            if (i2 < text.Length && IsMarkerStart(text.AsSpan(i2)) && TryParse(text.AsSpan(start, i2 - start), out var value))
            {
                sb ??= new StringBuilder(text.Length);
                var cut = start > 0 && text[start - 1] == '第' ? start - 1 : start;
                sb.Append(text, copied, cut - copied).Append(value);
                copied = i2;
            }
        }
        if (sb is null)
            return text;
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    private static bool IsMarkerStart(ReadOnlySpan<char> rest) =>
        rest[0] is '号' or '幢' or '栋' or '座' or '室' or '层' or '楼' or '组' or '弄' or '户' or '房' or '-' or '#'
        || rest.StartsWith("单元") || rest.StartsWith("网格") || rest.StartsWith("村民小组")
        || DetailParser.StartsWithTypoMarker(rest);

    private static int DigitValue(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' or '幺' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };

    private static bool TryParseDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.Length > 9)
            return false;
        foreach (var c in text)
            value = value * 10 + DigitValue(c);
        return true;
    }

    private static bool TryParsePositional(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        var pending = -1;        // a digit waiting for its multiplier
        var zero = false;        // a 零 was read since the last multiplier (一百零五 = 105)
        var lastUnit = int.MaxValue;
        foreach (var c in text)
        {
            var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, '廿' => 20, '卅' => 30, _ => 0 };
            if (unit == 0)
            {
                var d = DigitValue(c);
                if (d == 0)
                {
                    zero = true;
                    continue;
                }
                if (pending > 0)
                    return false; // two digits in a row, e.g. 三五十
                pending = d;
                continue;
            }
            if (unit is 20 or 30)
            {
                if (pending > 0 || lastUnit <= 10)
                    return false;
                value += unit;
                lastUnit = 10;
                continue;
            }
            if (unit >= lastUnit)
                return false;
            value += (pending < 0 ? 1 : pending) * unit;
            pending = -1;
            zero = false;
            lastUnit = unit;
        }
        if (pending > 0)
        {
            // 一百五 is 150 in speech; after 零 or a 十 the digit is units.
            value += !zero && (lastUnit is 100 or 1000) ? pending * (lastUnit / 10) : pending;
        }
        return true;
    }
}
