namespace Hub.Identity.Normalization;

/// <summary>
/// Rewrites Chinese numerals in a date to Arabic digits: 一九八五年三月十二日 → 1985年3月12日.
/// A run without 十/廿/卅 is read digit by digit (一九八五 → 1985); a run with one is read as a
/// number (十二 → 12, 二十一 → 21, 廿三 → 23).
/// </summary>
internal static class ChineseDateNumerals
{
    /// <summary>True when the text has at least one Chinese numeral character.</summary>
    public static bool ContainsAny(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (Digit(c) >= 0 || IsTens(c))
                return true;
        }
        return false;
    }

    /// <summary>Writes the rewritten text into <paramref name="destination"/>; false when a run of numerals is malformed.</summary>
    public static bool TryRewrite(ReadOnlySpan<char> text, Span<char> destination, out int written)
    {
        written = 0;
        for (var i = 0; i < text.Length;)
        {
            if (Digit(text[i]) < 0 && !IsTens(text[i]))
            {
                if (written >= destination.Length)
                    return false;
                destination[written++] = text[i++];
                continue;
            }
            var start = i;
            while (i < text.Length && (Digit(text[i]) >= 0 || IsTens(text[i])))
                i++;
            if (!TryWriteRun(text[start..i], destination[written..], out var count))
                return false;
            written += count;
        }
        return true;
    }

    private static bool TryWriteRun(ReadOnlySpan<char> run, Span<char> destination, out int written)
    {
        written = 0;
        var tensAt = run.IndexOfAny("十拾廿卅");
        if (tensAt < 0)
        {
            if (run.Length > destination.Length)
                return false;
            foreach (var c in run)
                destination[written++] = (char)('0' + Digit(c));
            return true;
        }
        // [d]十[d], 廿[d], 卅[d]: at most one digit on each side of the tens character.
        var tens = run[tensAt] switch { '廿' => 2, '卅' => 3, _ => 1 };
        if (tensAt > 1 || run.Length - tensAt > 2 || (tensAt == 1 && tens != 1))
            return false;
        if (tensAt == 1)
            tens = Digit(run[0]);
        var units = run.Length - tensAt == 2 ? Digit(run[^1]) : 0;
        if (tens <= 0 || units < 0 || destination.Length < 2)
            return false;
        var value = tens * 10 + units;
        destination[written++] = (char)('0' + value / 10);
        destination[written++] = (char)('0' + value % 10);
        return true;
    }

    private static bool IsTens(char c) => c is '十' or '拾' or '廿' or '卅';

    private static int Digit(char c) => c switch
    {
        '〇' or '零' or '○' or '◯' or 'Ｏ' => 0,
        '一' or '壹' => 1,
        '二' or '贰' or '貳' or '两' => 2,
        '三' or '叁' or '參' => 3,
        '四' or '肆' => 4,
        '五' or '伍' => 5,
        '六' or '陆' or '陸' => 6,
        '七' or '柒' => 7,
        '八' or '捌' => 8,
        '九' or '玖' => 9,
        _ => -1,
    };
}
