namespace Hub.Identity.Normalization;

/// <summary>
/// Reads the dates departments write: <c>19850312</c>, <c>1985-03-12</c>, <c>1985/3/12</c>,
/// <c>1985.03.12</c>, <c>1985年3月12日</c>, <c>一九八五年三月十二日</c>, ISO with a time, day/month/year
/// (ambiguous unless one part exceeds 12), spreadsheet serial numbers and year-month partial dates.
/// An impossible date is reported as <see cref="DateStatus.Invalid"/>, never corrected.
/// </summary>
public static class DateText
{
    /// <summary>Earliest year accepted; earlier years are Invalid.</summary>
    public const int MinYear = 1800;

    /// <summary>Latest year accepted; later years are Invalid.</summary>
    public const int MaxYear = 2199;

    /// <summary>Largest spreadsheet serial number accepted (2119-01-11).</summary>
    public const int MaxSerial = 80000;

    private const int MaxInput = 64;
    private static readonly DateOnly Placeholder = new(1900, 1, 1);

    /// <summary>Parses one date field.</summary>
    public static DateParseResult Parse(string? raw)
    {
        if (raw is null)
            return DateParseResult.Of(DateStatus.Missing);
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty || Placeholders.IsPlaceholder(text))
            return DateParseResult.Of(DateStatus.Missing);
        if (text.Length > MaxInput)
            return DateParseResult.Of(DateStatus.Unrecognized);

        Span<char> folded = stackalloc char[MaxInput];
        var length = 0;
        foreach (var c in text)
        {
            var digit = CharacterForms.DigitValue(c);
            folded[length++] = digit >= 0 ? (char)('0' + digit) : CharacterForms.IsSpace(c) ? ' ' : CharacterForms.ToHalfWidth(c);
        }
        ReadOnlySpan<char> s = folded[..length];
        Span<char> rewritten = stackalloc char[MaxInput * 2];
        if (ChineseDateNumerals.ContainsAny(s))
        {
            if (!ChineseDateNumerals.TryRewrite(s, rewritten, out var written))
                return DateParseResult.Of(DateStatus.Unrecognized);
            s = rewritten[..written];
        }
        if (!TryStripTime(ref s))
            return DateParseResult.Of(DateStatus.Unrecognized);

        Span<char> compact = stackalloc char[s.Length];
        var compactLength = 0;
        var allZero = true;
        var allDigits = true;
        foreach (var c in s)
        {
            if (c == ' ')
                continue;
            compact[compactLength++] = c;
            allDigits &= char.IsAsciiDigit(c);
            allZero &= !char.IsAsciiDigit(c) || c == '0';
        }
        var body = compact[..compactLength];
        if (body.IsEmpty || allZero)
            return DateParseResult.Of(DateStatus.Missing);
        if (allDigits)
            return ParseDigits(body, plainInteger: compactLength == s.Length);
        return ParseSeparated(body);
    }

    // Cuts " 00:00:00.0" or "T00:00:00Z" off the end; false when what follows the date is not a time.
    private static bool TryStripTime(ref ReadOnlySpan<char> s)
    {
        var colon = s.IndexOf(':');
        if (colon < 0)
            return true;
        var cut = s[..colon].LastIndexOfAny(' ', 'T');
        if (cut <= 0)
            return false;
        foreach (var c in s[(cut + 1)..])
        {
            if (!char.IsAsciiDigit(c) && c is not (':' or '.' or ' ' or 'Z' or '+' or '-'))
                return false;
        }
        s = s[..cut].TrimEnd();
        return true;
    }

    private static DateParseResult ParseDigits(ReadOnlySpan<char> digits, bool plainInteger)
    {
        switch (digits.Length)
        {
            case 4 when Number(digits) is >= MinYear and <= MaxYear:
                return new DateParseResult { Status = DateStatus.Partial, Year = Number(digits) };
            case <= 5 when plainInteger:
                return FromSerial(Number(digits));
            case 6:
                var year = Number(digits[..4]);
                return year is >= MinYear and <= MaxYear ? Build(year, Number(digits[4..]), 0) : DateParseResult.Of(DateStatus.Unrecognized);
            case 8:
            case 14: // yyyyMMddHHmmss
                return Build(Number(digits[..4]), Number(digits[4..6]), Number(digits[6..8]));
            default:
                return DateParseResult.Of(DateStatus.Unrecognized);
        }
    }

    // Excel's 1900 date system: 1 = 1900-01-01, and the fictitious 1900-02-29 is serial 60.
    private static DateParseResult FromSerial(int serial)
    {
        if (serial is < 1 or > MaxSerial)
            return DateParseResult.Of(DateStatus.Unrecognized);
        if (serial == 60)
            return DateParseResult.Of(DateStatus.Invalid);
        var date = serial < 60 ? new DateOnly(1899, 12, 31).AddDays(serial) : new DateOnly(1899, 12, 30).AddDays(serial);
        return Complete(date);
    }

    private static DateParseResult ParseSeparated(ReadOnlySpan<char> s)
    {
        Span<int> values = stackalloc int[3];
        Span<int> widths = stackalloc int[3];
        Span<char> separators = stackalloc char[3];
        var count = 0;
        for (var i = 0; i < s.Length; count++)
        {
            if (count == 3)
                return DateParseResult.Of(DateStatus.Unrecognized);
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
                i++;
            widths[count] = i - start;
            if (widths[count] is 0 or > 4)
                return DateParseResult.Of(DateStatus.Unrecognized);
            values[count] = Number(s[start..i]);
            separators[count] = i < s.Length ? s[i++] : '\0';
            if (separators[count] is not ('\0' or '-' or '/' or '.' or ',' or '年' or '月' or '日' or '号' or '號'))
                return DateParseResult.Of(DateStatus.Unrecognized);
        }
        if (!SeparatorsConsistent(separators[..count], out var chinese))
            return DateParseResult.Of(DateStatus.Unrecognized);

        if (widths[0] == 4 && (count < 2 || widths[1] <= 2) && (count < 3 || widths[2] <= 2))
            return Build(values[0], count > 1 ? values[1] : 0, count > 2 ? values[2] : 0);
        if (!chinese && count == 3 && widths[2] == 4 && widths[0] <= 2 && widths[1] <= 2)
            return DayMonthYear(values[0], values[1], values[2]);
        return DateParseResult.Of(DateStatus.Unrecognized);
    }

    // Chinese: 年 [月 [日|号]] with an optional final marker; otherwise one ASCII separator throughout.
    private static bool SeparatorsConsistent(ReadOnlySpan<char> separators, out bool chinese)
    {
        chinese = separators[0] == '年';
        if (chinese)
        {
            return separators.Length switch
            {
                1 => true,
                2 => separators[1] is '月' or '\0',
                _ => separators[1] == '月' && separators[2] is '日' or '号' or '號' or '\0',
            };
        }
        if (separators[^1] != '\0' || separators.Length < 2)
            return false;
        foreach (var c in separators[..^1])
        {
            if (c != separators[0] || c is '月' or '日' or '号' or '號')
                return false;
        }
        return true;
    }

    // a/b/yyyy: a part over 12 decides the order; otherwise both readings are offered.
    private static DateParseResult DayMonthYear(int a, int b, int year)
    {
        if (year is < MinYear or > MaxYear || a == 0 || b == 0 || (a > 12 && b > 12))
            return DateParseResult.Of(DateStatus.Invalid);
        if (a > 12)
            return Build(year, b, a);
        if (b > 12 || a == b)
            return Build(year, a, b);
        return new DateParseResult
        {
            Status = DateStatus.Ambiguous,
            Year = year,
            DayFirstReading = new DateOnly(year, b, a),
            MonthFirstReading = new DateOnly(year, a, b),
        };
    }

    // Day 0 means "day unknown" (198503, 19850300) and month 0 with day 0 "month unknown".
    private static DateParseResult Build(int year, int month, int day)
    {
        if (year is < MinYear or > MaxYear || month > 12 || (month == 0 && day != 0))
            return DateParseResult.Of(DateStatus.Invalid);
        if (month == 0 || day == 0)
            return new DateParseResult { Status = DateStatus.Partial, Year = year, Month = month };
        if (day > DateTime.DaysInMonth(year, month))
            return DateParseResult.Of(DateStatus.Invalid);
        return Complete(new DateOnly(year, month, day));
    }

    private static DateParseResult Complete(DateOnly date) => date == Placeholder
        ? DateParseResult.Of(DateStatus.Missing)
        : new DateParseResult { Status = DateStatus.Ok, Value = date, Year = date.Year, Month = date.Month, Day = date.Day };

    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
            value = value * 10 + (c - '0');
        return value;
    }
}
