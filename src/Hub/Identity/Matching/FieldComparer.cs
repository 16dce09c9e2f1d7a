using Hub.Contracts.V1;
using Hub.Identity.Normalization;

namespace Hub.Identity.Matching;

/// <summary>The comparison level of each field between two records.</summary>
public static class FieldComparer
{
    /// <summary>ID numbers: equal, one character off, two neighbours swapped, or different.</summary>
    public static ComparisonLevel IdNumber(IdentityFeatures a, IdentityFeatures b)
    {
        var x = a.AnyIdNumber;
        var y = b.AnyIdNumber;
        if (x is null || y is null)
            return ComparisonLevel.Missing;
        if (x == y)
            return ComparisonLevel.Exact;
        var diffs = 0;
        var first = -1;
        for (var i = 0; i < x.Length && diffs <= 2; i++)
        {
            if (x[i] == y[i])
                continue;
            if (diffs++ == 0)
                first = i;
        }
        if (diffs == 1)
            return ComparisonLevel.OneCharacterDifferent;
        if (diffs == 2 && first + 1 < x.Length && x[first] == y[first + 1] && x[first + 1] == y[first])
            return ComparisonLevel.Transposed;
        return ComparisonLevel.Different;
    }

    /// <summary>Names: same key, same pinyin (homophones), one character different, or different.</summary>
    public static ComparisonLevel Name(IdentityFeatures a, IdentityFeatures b)
    {
        if (a.NameKey.Length == 0 || b.NameKey.Length == 0)
            return ComparisonLevel.Missing;
        if (a.NameKey == b.NameKey)
            return ComparisonLevel.Exact;
        if (a.PinyinKey.Length > 0 && a.PinyinKey == b.PinyinKey)
            return ComparisonLevel.PinyinEqual;
        return PersonName.DiffersByOneCharacter(a.NameKey, b.NameKey) ? ComparisonLevel.OneCharacterDifferent : ComparisonLevel.Different;
    }

    /// <summary>
    /// Birth dates: equal; day and month swapped; one digit off; agreeing on every part both
    /// know (one is only a year or a month); or different.
    /// </summary>
    public static ComparisonLevel BirthDate(IdentityFeatures a, IdentityFeatures b)
    {
        if (a.BirthYear == 0 || b.BirthYear == 0)
            return ComparisonLevel.Missing;
        if (a.HasCompleteBirthDate && b.HasCompleteBirthDate)
        {
            if (a.BirthYear == b.BirthYear && a.BirthMonth == b.BirthMonth && a.BirthDay == b.BirthDay)
                return ComparisonLevel.Exact;
            if (a.BirthYear == b.BirthYear && a.BirthMonth == b.BirthDay && a.BirthDay == b.BirthMonth)
                return ComparisonLevel.Transposed;
            return OneDigitApart(a, b) ? ComparisonLevel.OneCharacterDifferent : ComparisonLevel.Different;
        }
        var agrees = a.BirthYear == b.BirthYear
            && (a.BirthMonth == 0 || b.BirthMonth == 0 || a.BirthMonth == b.BirthMonth)
            && (a.BirthDay == 0 || b.BirthDay == 0 || a.BirthDay == b.BirthDay);
        return agrees ? ComparisonLevel.Partial : ComparisonLevel.Different;
    }

    /// <summary>Sex: equal or different; missing when either is unknown.</summary>
    public static ComparisonLevel Sex(IdentityFeatures a, IdentityFeatures b) =>
        a.Sex == Normalization.Sex.Unknown || b.Sex == Normalization.Sex.Unknown ? ComparisonLevel.Missing
        : a.Sex == b.Sex ? ComparisonLevel.Exact : ComparisonLevel.Different;

    /// <summary>Phones: any number in common, or none in common.</summary>
    public static ComparisonLevel Phone(IdentityFeatures a, IdentityFeatures b) =>
        a.Phones.Length == 0 || b.Phones.Length == 0 ? ComparisonLevel.Missing
        : Overlap(a.Phones, b.Phones) ? ComparisonLevel.Exact : ComparisonLevel.Different;

    /// <summary>Addresses: the same flat, the same building or village house number, or different.</summary>
    public static ComparisonLevel Address(IdentityFeatures a, IdentityFeatures b)
    {
        if (a.AddressKeys.Length == 0 || b.AddressKeys.Length == 0)
            return ComparisonLevel.Missing;
        if (Overlap(a.AddressKeys, b.AddressKeys))
            return ComparisonLevel.Exact;
        return Overlap(a.AddressLocalities, b.AddressLocalities) ? ComparisonLevel.Partial : ComparisonLevel.Different;
    }

    // The arrays hold one to three values: a nested loop beats building a set.
    private static bool Overlap(string[] x, string[] y)
    {
        foreach (var a in x)
            foreach (var b in y)
                if (string.Equals(a, b, StringComparison.Ordinal))
                    return true;
        return false;
    }

    // One digit apart in yyyymmdd, counted on the numbers: this runs for many candidates and formatting allocated.
    private static bool OneDigitApart(IdentityFeatures a, IdentityFeatures b)
    {
        if (a.BirthYear > 9999 || b.BirthYear > 9999 || a.BirthMonth > 99 || b.BirthMonth > 99 || a.BirthDay > 99 || b.BirthDay > 99)
            return OneDigitApart(a.BirthDateKey!, b.BirthDateKey!);
        var diffs = DigitsApart(a.BirthYear, b.BirthYear, 4) + DigitsApart(a.BirthMonth, b.BirthMonth, 2) + DigitsApart(a.BirthDay, b.BirthDay, 2);
        return diffs == 1;
    }

    // How many of the last `digits` decimal digits of x and y differ.
    private static int DigitsApart(int x, int y, int digits)
    {
        var diffs = 0;
        for (var i = 0; i < digits; i++, x /= 10, y /= 10)
        {
            if (x % 10 != y % 10)
                diffs++;
        }
        return diffs;
    }

    private static bool OneDigitApart(string x, string y)
    {
        var diffs = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i] && ++diffs > 1)
                return false;
        }
        return diffs == 1;
    }
}
