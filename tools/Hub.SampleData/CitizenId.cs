namespace Hub.SampleData;

/// <summary>
/// Citizen identity numbers as GB 11643-1999 defines them: 6-digit area code, birth date,
/// 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
/// The generator's own implementation, independent of the hub's normaliser, so each checks the other.
/// </summary>
public static class CitizenId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>The MOD 11-2 check character of the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
            throw new ArgumentException("need 17 digits", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var d = first17[i] - '0';
            if (d is < 0 or > 9)
                throw new ArgumentException("need 17 digits", nameof(first17));
            sum += d * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>True for 17 ASCII digits followed by the right check character (upper-case X).</summary>
    public static bool IsValid(string? idNumber) =>
        idNumber is { Length: 18 }
        && idNumber.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') is false
        && CheckCharacter(idNumber.AsSpan(0, 17)) == idNumber[17];

    /// <summary>Builds an 18-character number; <paramref name="sequence"/> is 0–999 and must have the sex's parity.</summary>
    public static string Build(string areaCode, DateOnly birthDate, int sequence)
    {
        var first17 = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{areaCode}{birthDate:yyyyMMdd}{sequence:D3}");
        return first17 + CheckCharacter(first17);
    }

    /// <summary>The 15-digit form issued before 1999: area, two-digit year, month, day, sequence, no check.</summary>
    public static string ToLegacy15(string idNumber18) =>
        idNumber18.Length == 18 && idNumber18.AsSpan(6, 2) is "19"
            ? string.Concat(idNumber18.AsSpan(0, 6), idNumber18.AsSpan(8, 9))
            : throw new ArgumentException("only numbers of people born in the 1900s have a 15-digit form", nameof(idNumber18));

    /// <summary>The 18-character form of a 15-digit number (century 19 inserted, check appended).</summary>
    public static string FromLegacy15(string idNumber15)
    {
        var first17 = string.Concat(idNumber15.AsSpan(0, 6), "19", idNumber15.AsSpan(6, 9));
        return first17 + CheckCharacter(first17);
    }

    /// <summary>The birth date embedded in an 18-character number.</summary>
    public static DateOnly BirthDateOf(string idNumber18) =>
        DateOnly.ParseExact(idNumber18.AsSpan(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the embedded sequence is odd (male).</summary>
    public static bool IsMale(string idNumber18) => (idNumber18[16] - '0') % 2 == 1;
}
