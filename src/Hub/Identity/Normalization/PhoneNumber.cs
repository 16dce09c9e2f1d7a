namespace Hub.Identity.Normalization;

/// <summary>
/// Normalises mainland phone numbers to E.164: spaces, dashes, dots, parentheses and full-width
/// digits out; <c>+86</c>, <c>0086</c> (and <c>86</c> before a mobile) prefixes read; mobiles
/// (1[3-9] + 9 digits) and landlines with area code (010, 02x, 0xxx + 7–8 digits) recognised;
/// extensions (<c>转123</c>, <c>分机123</c>, <c>ext 123</c>, <c>x123</c>, a trailing <c>-123</c>) kept apart.
/// </summary>
public static class PhoneNumber
{
    private const int MaxInput = 64;

    /// <summary>
    /// Normalises one phone field. <paramref name="defaultAreaCode"/> (for example <c>0570</c>), when
    /// given, turns a bare 7–8 digit local number into a Landline; without it such a number is a LocalLandline.
    /// </summary>
    public static PhoneResult Normalize(string? raw, string? defaultAreaCode = null)
    {
        if (raw is null)
            return default;
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty || Placeholders.IsPlaceholder(text))
            return default;
        if (text.Length > MaxInput)
            return new PhoneResult { Kind = PhoneKind.Invalid, Digits = string.Empty };

        Span<char> digits = stackalloc char[MaxInput];
        var n = 0;
        var extensionStart = -1;
        var lastGroupStart = -1;
        var plus = false;
        var bad = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var digit = CharacterForms.DigitValue(c);
            if (digit >= 0)
                digits[n++] = (char)('0' + digit);
            else if (c is '+' or '＋' && n == 0)
                plus = true;
            else if (CharacterForms.IsDash(c))
                lastGroupStart = n;
            else if (CharacterForms.IsSpace(c) || c is '.' or '．' or '(' or ')' or '（' or '）' or '[' or ']')
                continue;
            else if (TryReadExtensionMarker(text, ref i) && extensionStart < 0 && n > 0)
                extensionStart = n;
            else
                bad = true;
        }

        var main = digits[..(extensionStart < 0 ? n : extensionStart)];
        var extension = extensionStart < 0 ? default : digits[extensionStart..n];
        if (bad || main.IsEmpty)
            return new PhoneResult { Kind = PhoneKind.Invalid, Digits = digits[..n].ToString() };
        if (CharacterForms.AllSame(main) && extension.IsEmpty)
            return default;

        var result = Classify(main, plus, defaultAreaCode);
        if (result.Kind == PhoneKind.Invalid && extensionStart < 0 && lastGroupStart > 0 && n - lastGroupStart is >= 1 and <= 5)
        {
            var withoutTail = Classify(main[..lastGroupStart], plus, defaultAreaCode);
            if (withoutTail.Kind == PhoneKind.Landline)
                return withoutTail with { Extension = main[lastGroupStart..].ToString() };
        }
        return extension.IsEmpty ? result : result with { Extension = extension.ToString() };
    }

    private static PhoneResult Classify(ReadOnlySpan<char> digits, bool plus, string? defaultAreaCode)
    {
        var national = digits;
        var explicitCountry = false;
        if (plus)
        {
            if (!digits.StartsWith("86"))
                return Invalid(digits);
            national = digits[2..];
            explicitCountry = true;
        }
        else if (digits.StartsWith("0086"))
        {
            national = digits[4..];
            explicitCountry = true;
        }
        else if (digits.Length == 13 && digits.StartsWith("86") && IsMobile(digits[2..]))
        {
            national = digits[2..];
        }

        if (IsMobile(national))
            return E164(PhoneKind.Mobile, national, digits);
        if (national.Length == 12 && national[0] == '0' && IsMobile(national[1..]))
            return E164(PhoneKind.Mobile, national[1..], digits);
        if (national.Length > 0 && national[0] == '0' && IsLandline(national[1..]))
            return E164(PhoneKind.Landline, national[1..], digits);
        if (explicitCountry && IsLandline(national))
            return E164(PhoneKind.Landline, national, digits);
        if (!explicitCountry && national.Length is 7 or 8 && national[0] is >= '2' and <= '9')
        {
            var area = defaultAreaCode.AsSpan().TrimStart('0');
            if (area.IsEmpty)
                return new PhoneResult { Kind = PhoneKind.LocalLandline, Digits = digits.ToString() };
            return new PhoneResult { Kind = PhoneKind.Landline, Value = string.Concat("+86", area, national), Digits = digits.ToString() };
        }
        return Invalid(digits);
    }

    private static bool IsMobile(ReadOnlySpan<char> d) => d.Length == 11 && d[0] == '1' && d[1] is >= '3' and <= '9';

    // Area code without its trunk 0 (10, 2x, 3xx–9xx) followed by a 7–8 digit subscriber number not starting 0.
    // (Real subscriber numbers start 2–9, but departments' test and legacy data write 1234567 freely.)
    private static bool IsLandline(ReadOnlySpan<char> d)
    {
        if (d.Length < 2)
            return false;
        var areaLength = d[0] switch
        {
            '1' when d[1] == '0' => 2,
            '2' => 2,
            >= '3' and <= '9' => 3,
            _ => 0,
        };
        if (areaLength == 0)
            return false;
        var subscriber = d[areaLength..];
        return subscriber.Length is 7 or 8 && subscriber[0] != '0';
    }

    // Extension markers: 转 / 轉, 分机 / 分機, ext / ext., x, #. Advances past a multi-character marker.
    private static bool TryReadExtensionMarker(ReadOnlySpan<char> text, ref int i)
    {
        var c = text[i];
        if (c is '转' or '轉' or 'x' or 'X' or 'ｘ' or '#' or '＃')
            return true;
        if (c == '分' && i + 1 < text.Length && text[i + 1] is '机' or '機')
        {
            i++;
            return true;
        }
        if (text[i..].StartsWith("ext", StringComparison.OrdinalIgnoreCase))
        {
            i += 2;
            return true;
        }
        return false;
    }

    private static PhoneResult E164(PhoneKind kind, ReadOnlySpan<char> nationalWithoutTrunk, ReadOnlySpan<char> digits) =>
        new() { Kind = kind, Value = string.Concat("+86", nationalWithoutTrunk), Digits = digits.ToString() };

    private static PhoneResult Invalid(ReadOnlySpan<char> digits) =>
        new() { Kind = PhoneKind.Invalid, Digits = digits.ToString() };
}
