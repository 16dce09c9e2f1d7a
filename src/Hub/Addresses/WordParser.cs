namespace Hub.Addresses;

/// <summary>
/// Reads a run of Chinese text in the detail phase: splits it at the suffixes that name what a
/// word is — a road (路, 街, 巷, 大道), a community or village not found in the tables (社区, 村,
/// 居委会), an estate (小区, 花园, 苑), a township the division phase did not accept (镇, 乡, 街道, 办事处).
/// What has no suffix is kept as unparsed.
/// </summary>
internal static class WordParser
{
    private enum Kind { Road, Community, Estate, Township }

    private static readonly (string Text, Kind Kind, bool OnlyAtEnd)[] Suffixes =
    [
        ("社区居民委员会", Kind.Community, false), ("社区居委会", Kind.Community, false),
        ("居民委员会", Kind.Community, false), ("村民委员会", Kind.Community, false),
        ("居委会", Kind.Community, false), ("村委会", Kind.Community, false), ("社区", Kind.Community, false),
        ("小区", Kind.Estate, false), ("花园", Kind.Estate, false), ("家园", Kind.Estate, false),
        ("公寓", Kind.Estate, false), ("大厦", Kind.Estate, false), ("新村", Kind.Estate, false),
        ("广场", Kind.Estate, false), ("山庄", Kind.Estate, false), ("花苑", Kind.Estate, false),
        ("华府", Kind.Estate, false), ("苑", Kind.Estate, true), ("园", Kind.Estate, true), ("庭", Kind.Estate, true),
        ("大道", Kind.Road, false), ("大街", Kind.Road, false), ("路", Kind.Road, false),
        ("巷", Kind.Road, false), ("弄", Kind.Road, false),
        ("办事处", Kind.Township, false), ("街道", Kind.Township, false), ("街", Kind.Road, false), ("镇", Kind.Township, false), ("乡", Kind.Township, false),
        ("村", Kind.Community, false),
    ];

    /// <summary>Reads <paramref name="run"/> (Chinese text without digits) into <paramref name="d"/>.</summary>
    public static void Read(ReadOnlySpan<char> run, AddressDetails d)
    {
        var segmentStart = 0;
        for (var k = 1; k < run.Length; k++)
        {
            if (!TryMatchSuffix(run, k, out var length, out var kind))
                continue;
            // 新安村村委会: the first 村 belongs to the name, the second starts the committee.
            if (length == 1 && run[k] == '村' && k + 1 < run.Length && run[k + 1] == '村')
                continue;
            // 湖镇村: a village named after its township.
            if (kind == Kind.Township && length == 1 && k + 1 < run.Length && run[k + 1] == '村')
                continue;
            var end = k + length;
            // 新村路, 花园大道, 新桥村路: the word is the start of a road name, not a place of its own.
            if (kind != Kind.Road && TextNormalizer.FollowedByRoad(run, end))
                continue;
            Assign(run[segmentStart..end], kind, length, d);
            segmentStart = end;
            k = end; // the loop's k++ makes the next suffix need one character before it
        }
        // An ordinal 第 before a number (第3网格) says nothing more.
        if (run.EndsWith("第"))
            run = run[..^1];
        if (segmentStart < run.Length)
            d.AddUnparsed(run[segmentStart..]);
    }

    private static bool TryMatchSuffix(ReadOnlySpan<char> run, int k, out int length, out Kind kind)
    {
        var rest = run[k..];
        foreach (var (text, suffixKind, onlyAtEnd) in Suffixes)
        {
            if (!rest.StartsWith(text, StringComparison.Ordinal))
                continue;
            if (onlyAtEnd && rest.Length != text.Length)
                continue;
            length = text.Length;
            kind = suffixKind;
            return true;
        }
        length = 0;
        kind = default;
        return false;
    }

    private static void Assign(ReadOnlySpan<char> word, Kind kind, int suffixLength, AddressDetails d)
    {
        switch (kind)
        {
            case Kind.Road when d.Road.Length == 0:
                d.Road = new string(word);
                return;
            case Kind.Road when word.Length <= 3 && d.RoadNumber.Length == 0:
                d.Road += new string(word); // 新桥路东巷
                return;
            case Kind.Community when d.Community.Length == 0 && !d.InVillage:
                d.Community = CanonicalCommunity(word, suffixLength);
                return;
            case Kind.Estate when d.Estate.Length == 0:
                d.Estate = new string(word);
                return;
            default:
                d.AddUnparsed(word);
                return;
        }
    }

    /// <summary>新安村委会 → 新安村, 新安社区居委会 → 新安社区; 新安村 and 新安社区 stay.</summary>
    private static string CanonicalCommunity(ReadOnlySpan<char> word, int suffixLength)
    {
        var suffix = word[^suffixLength..];
        var stem = word[..^suffixLength];
        if (suffix is "村" or "社区")
            return new string(word);
        if (suffix is "村民委员会" or "村委会")
            return stem.EndsWith("村") ? new string(stem) : string.Concat(stem, "村");
        return stem.EndsWith("社区") ? new string(stem) : string.Concat(stem, "社区");
    }
}
