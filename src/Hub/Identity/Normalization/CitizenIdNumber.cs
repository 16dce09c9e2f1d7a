namespace Hub.Identity.Normalization;

/// <summary>
/// Citizen identity numbers of GB 11643-1999: 6-digit area code, 8-digit birth date, 3-digit
/// sequence (odd = male) and an ISO 7064 MOD 11-2 check character; first-generation numbers
/// have 15 digits (2-digit year, no check character) and are upgraded to 18.
/// </summary>
public static class CitizenIdNumber
{
    /// <summary>Numbers shorter than this (after cleaning) are treated as missing, not invalid.</summary>
    public const int MinimumLength = 15;

    /// <summary>The earliest birth date accepted in a number.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1890, 1, 1);

    private const int MaxInput = 64;
    private const string CheckCharacters = "10X98765432";
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>
    /// Cleans and checks a number: spaces and dashes out, full-width digits and Ｘ/ｘ/x folded to
    /// ASCII and X, 15 digits upgraded to 18. <paramref name="today"/> rejects future birth dates.
    /// </summary>
    public static IdNumberResult Parse(string? raw, DateOnly today)
    {
        if (raw is null)
            return default;
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty || Placeholders.IsPlaceholder(text))
            return default;
        if (text.Length > MaxInput)
            return new IdNumberResult { Status = IdNumberStatus.InvalidLength };

        Span<char> cleaned = stackalloc char[MaxInput];
        var length = 0;
        var badCharacter = false;
        foreach (var c in text)
        {
            if (CharacterForms.IsSpace(c) || CharacterForms.IsDash(c))
                continue;
            var digit = CharacterForms.DigitValue(c);
            if (digit >= 0)
                cleaned[length++] = (char)('0' + digit);
            else if (c is 'x' or 'X' or '\uFF38' or '\uFF58' or '\u00D7')
                cleaned[length++] = 'X';
            else
                badCharacter = true;
        }
        var id = cleaned[..length];
        if (length == 0)
            return default;
        if (badCharacter || id[..^1].Contains('X') || (length != 18 && id[^1] == 'X'))
            return new IdNumberResult { Status = IdNumberStatus.InvalidCharacters };
        if (CharacterForms.AllSame(id) || length < MinimumLength)
            return default;
        if (length == 15)
            return FromFirstGeneration(id, today);
        if (length != 18)
            return new IdNumberResult { Status = IdNumberStatus.InvalidLength, Cleaned = id.ToString(), AreaCode = id[..6].ToString() };
        return FromSecondGeneration(id, today, upgraded: false);
    }

    /// <summary>The ISO 7064 MOD 11-2 check character for the first 17 digits of a number.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17Digits)
    {
        if (first17Digits.Length < 17)
            throw new ArgumentException("Seventeen digits are needed.", nameof(first17Digits));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = first17Digits[i] - '0';
            if ((uint)digit > 9)
                throw new ArgumentException("Only digits are allowed.", nameof(first17Digits));
            sum += digit * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    private static IdNumberResult FromFirstGeneration(ReadOnlySpan<char> id15, DateOnly today)
    {
        Span<char> id = stackalloc char[18];
        id15[..6].CopyTo(id);
        id[6] = '1';
        id[7] = '9';
        id15[6..].CopyTo(id[8..]);
        id[17] = CheckCharacter(id);
        return FromSecondGeneration(id, today, upgraded: true);
    }

    private static IdNumberResult FromSecondGeneration(ReadOnlySpan<char> id, DateOnly today, bool upgraded)
    {
        var cleaned = id.ToString();
        var date = ReadDate(id[6..14], today);
        var checksumOk = CheckCharacter(id) == id[17];
        var status = !checksumOk ? IdNumberStatus.InvalidChecksum
            : date is null ? IdNumberStatus.InvalidDate
            : IdNumberStatus.Valid;
        return new IdNumberResult
        {
            Status = status,
            Value = status == IdNumberStatus.Valid ? cleaned : null,
            Cleaned = cleaned,
            BirthDate = date,
            Sex = date is null ? Sex.Unknown : (id[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female,
            AreaCode = cleaned[..6],
            UpgradedFrom15 = upgraded,
        };
    }

    private static DateOnly? ReadDate(ReadOnlySpan<char> yyyymmdd, DateOnly today)
    {
        var year = Number(yyyymmdd[..4]);
        var month = Number(yyyymmdd[4..6]);
        var day = Number(yyyymmdd[6..8]);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return null;
        var date = new DateOnly(year, month, day);
        return date < EarliestBirthDate || date > today ? null : date;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
            value = value * 10 + (c - '0');
        return value;
    }
}
