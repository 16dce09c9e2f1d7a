namespace Hub.Addresses;

/// <summary>One spelling of a division's name and whether it is a bare form without its suffix.</summary>
/// <param name="Text">The spelling, e.g. <c>柯城区</c> or <c>柯城</c>.</param>
/// <param name="Bare">True when the level suffix (区, 街道, 村 ...) was stripped; bare forms match only in context.</param>
internal readonly record struct NameForm(string Text, bool Bare);

/// <summary>Derives the canonical name and the spellings people write for each division.</summary>
internal static class DivisionNames
{
    private static readonly string[] CountySuffixes = ["畲族自治县", "自治县", "区", "县", "市"];
    private static readonly string[] TownshipSuffixes = ["街道办事处", "街道", "畲族乡", "镇", "乡"];
    private static readonly string[] VillageSuffixes = ["村民委员会", "村委会"];
    private static readonly string[] CommunitySuffixes = ["社区居民委员会", "社区居委会", "居民委员会", "居委会", "社区"];

    /// <summary>
    /// Names people still write that are not in the tables, with the code of the division they stand for.
    /// A former county renamed as a whole (绍兴县 → 柯桥区) stands for its successor. A former county whose
    /// area was split among several (衢县 in 2001 between 衢江区 and 柯城区; 鄞县, 萧山市, 余杭市, 金华县,
    /// 黄岩市 likewise) stands for its city only, so that a township after it still resolves within the
    /// city while the county is never guessed. A functional zone without a code of its own stands for the
    /// division its streets are coded under (衢州智造新城: 柯城区); it is matched only with its city's
    /// name in front, because other cities have zones of the same kind.
    /// </summary>
    public static readonly (string Name, string Code)[] FormerAndZoneNames =
    [
        ("衢县", "330800"),
        ("衢州智造新城", "330802"),
        ("衢州市智造新城", "330802"),
        ("绍兴县", "330603"),
        ("上虞市", "330604"),
        ("富阳市", "330111"),
        ("临安市", "330112"),
        ("奉化市", "330213"),
        ("洞头县", "330305"),
        ("椒江市", "331002"),
        ("秀城区", "330402"),
        ("鄞县", "330200"),
        ("萧山市", "330100"),
        ("余杭市", "330100"),
        ("金华县", "330700"),
        ("黄岩市", "331000"),
    ];

    /// <summary>The canonical name for a division named <paramref name="name"/> at <paramref name="level"/>.</summary>
    public static string Canonical(string name, DivisionLevel level)
    {
        if (level != DivisionLevel.Village)
            return name;
        if (StripSuffix(name, VillageSuffixes) is { } core)
            return core.EndsWith('村') ? core : core + "村";
        if (StripSuffix(name, CommunitySuffixes) is { } community)
            return community + "社区";
        return name;
    }

    /// <summary>Every spelling of a division's name: the official one, the canonical one and the common variants.</summary>
    public static IEnumerable<NameForm> Forms(string name, string canonical, DivisionLevel level)
    {
        var full = new HashSet<string>(StringComparer.Ordinal) { name, canonical };
        string? bare = null;
        switch (level)
        {
            case DivisionLevel.Province:
            case DivisionLevel.City:
                bare = StripSuffix(name, ["省", "市"]);
                break;
            case DivisionLevel.County:
                bare = StripSuffix(name, CountySuffixes);
                if (bare is not null && name.EndsWith("自治县", StringComparison.Ordinal))
                    full.Add(bare + "县");
                break;
            case DivisionLevel.Township:
                bare = StripSuffix(name, TownshipSuffixes);
                if (name.EndsWith("街道", StringComparison.Ordinal))
                    full.Add(name + "办事处");
                if (bare is not null && name.EndsWith("畲族乡", StringComparison.Ordinal))
                    full.Add(bare + "乡");
                break;
            case DivisionLevel.Village:
                bare = VillageForms(name, canonical, full);
                break;
        }
        foreach (var f in full)
            yield return new NameForm(f, Bare: false);
        if (bare is { Length: >= 2 } && !full.Contains(bare))
            yield return new NameForm(bare, Bare: true);
    }

    private static string? VillageForms(string name, string canonical, HashSet<string> full)
    {
        if (canonical.EndsWith("社区", StringComparison.Ordinal))
        {
            var core = canonical[..^2];
            full.Add(core + "居委会");
            full.Add(core + "社区居委会");
            full.Add(core + "社区居民委员会");
            full.Add(core + "居民委员会");
            // A community named after its street (县学街社区) would swallow the street itself.
            return TextNormalizer.IsRoadSuffix(core[^1]) ? null : core;
        }
        if ((canonical.EndsWith('村') && name != canonical) || name.EndsWith('村'))
        {
            var core = canonical[..^1];
            full.Add(canonical + "委会");
            full.Add(canonical + "民委员会");
            full.Add(canonical + "村委会");
            full.Add(canonical + "村民委员会");
            if (StripSuffix(name, VillageSuffixes) is { } stem)
                full.Add(stem + "村");
            return core;
        }
        return null;
    }

    private static string? StripSuffix(string name, string[] suffixes)
    {
        foreach (var s in suffixes)
        {
            if (name.Length > s.Length && name.EndsWith(s, StringComparison.Ordinal))
                return name[..^s.Length];
        }
        return null;
    }
}
