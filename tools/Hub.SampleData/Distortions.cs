using System.Globalization;

namespace Hub.SampleData;

/// <summary>The ways departments write (and miswrite) ids, names and dates.</summary>
internal static class Distortions
{
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);
    private static readonly string[] CompoundSurnames = ["欧阳", "诸葛", "司马", "上官", "皇甫"];

    /// <summary>Share of birth dates whose day and month can be swapped into another valid date (day ≤ 12, day ≠ month).</summary>
    public const double SwappableShare = 12.0 / 30.44 * 11.0 / 12.0;

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Compact(DateOnly d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    public static string Slashed(DateOnly d) => d.ToString("yyyy/M/d", CultureInfo.InvariantCulture);
    public static string Chinese(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
    public static string ChineseYearMonth(DateOnly d) => d.ToString("yyyy年M月", CultureInfo.InvariantCulture);

    /// <summary>The spreadsheet serial number (days since 1899-12-30).</summary>
    public static string ExcelSerial(DateOnly d) => (d.DayNumber - ExcelEpoch.DayNumber).ToString(CultureInfo.InvariantCulture);

    /// <summary>The date with day and month swapped, when that is another valid date.</summary>
    public static DateOnly? Swapped(DateOnly d) => d.Day <= 12 && d.Day != d.Month ? new DateOnly(d.Year, d.Day, d.Month) : null;

    /// <summary>Digits (and X) as full-width characters.</summary>
    public static string FullWidth(string id)
    {
        var chars = id.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] is >= '0' and <= '9' or 'X' or 'x')
                chars[i] = (char)(chars[i] + 0xFEE0);
        return new string(chars);
    }

    /// <summary>One of the first 17 digits replaced by another: MOD 11-2 catches every such error.</summary>
    public static string MistypeDigit(Rng rng, string id18)
    {
        var chars = id18.ToCharArray();
        var i = rng.Next(17);
        chars[i] = (char)('0' + (chars[i] - '0' + rng.Next(1, 10)) % 10);
        return new string(chars);
    }

    /// <summary>One given-name character replaced by a homophone (王芳 → 王方), or null when none has one.</summary>
    public static string? Homophone(Rng rng, string name)
    {
        var tables = CharacterTables.Default;
        var start = SurnameLength(name);
        var positions = Enumerable.Range(start, name.Length - start).Where(i => tables.HomophonesOf(name[i]).Count > 0).ToList();
        if (positions.Count == 0)
            return null;
        var at = rng.Pick(positions);
        return string.Concat(name.AsSpan(0, at), rng.Pick(tables.HomophonesOf(name[at])).ToString(), name.AsSpan(at + 1));
    }

    /// <summary>Some characters in traditional form (张偉, 陳静), or null when none has one.</summary>
    public static string? Traditional(Rng rng, string name)
    {
        var tables = CharacterTables.Default;
        var convertible = Enumerable.Range(0, name.Length).Where(i => tables.TraditionalOf(name[i]) != name[i]).ToList();
        if (convertible.Count == 0)
            return null;
        var chars = name.ToCharArray();
        var must = rng.Pick(convertible);
        foreach (var i in convertible)
            if (i == must || rng.Chance(0.5))
                chars[i] = tables.TraditionalOf(chars[i]);
        return new string(chars);
    }

    /// <summary>The middle dot written as • ‧ . or left out; null for a name without one.</summary>
    public static string? MiddleDotVariant(Rng rng, string name) =>
        name.Contains('·') ? name.Replace("·", rng.Pick(["•", "‧", ".", ""])) : null;

    /// <summary>Spaces as clerks type them: between surname and given name, between every character, or around.</summary>
    public static string Spaced(Rng rng, string name) => rng.Next(4) switch
    {
        0 => name.Insert(SurnameLength(name), " "),
        1 => string.Join(' ', name.ToCharArray()),
        2 => " " + name,
        _ => name + " ",
    };

    /// <summary>Full-width characters: an ideographic space after the surname, or a full-width dot.</summary>
    public static string FullWidthName(Rng rng, string name) =>
        name.Contains('·') ? name.Replace("·", rng.Chance(0.5) ? "・" : "．") : name.Insert(SurnameLength(name), "\u3000");

    private static int SurnameLength(string name) =>
        name.Contains('·') ? 0 : CompoundSurnames.Any(s => name.StartsWith(s, StringComparison.Ordinal)) && name.Length > 2 ? 2 : 1;

}
