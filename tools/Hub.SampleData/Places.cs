using Hub.ReferenceData;

namespace Hub.SampleData;

/// <summary>
/// Quzhou's real townships, communities and villages (from the hub's reference tables) with
/// generated roads, and the addresses drawn from them.
/// </summary>
internal sealed class Places
{
    // County code, name, population in ten thousands (2020 census, rounded), share living in flats.
    private static readonly (string Code, string Name, double Population, double FlatShare)[] Counties =
    [
        ("330802", "柯城区", 52.6, 0.80), ("330803", "衢江区", 37.0, 0.35), ("330822", "常山县", 25.6, 0.40),
        ("330824", "开化县", 25.9, 0.40), ("330825", "龙游县", 36.2, 0.40), ("330881", "江山市", 50.1, 0.45),
    ];

    // Road names are generated: a local-sounding stem and a suffix.
    private const string RoadStems =
        "新桥 荷花 三衢 府山 衢化 花园 白云 信安 县学 水亭 南湖 柯山 江滨 峥嵘 九华 紫荆 凯旋 文昌 书院 东岳 " +
        "人民 解放 中山 劳动 新华 建设 文化 和平 延安 胜利 振兴 迎宾 滨江 城北 城南 钟楼 天宁 坊门 上街 下街 " +
        "百汇 通荷 西安 世纪 兴龙 太平 芹阳 紫港 柚香 鹿溪 须江 虎山 清湖 定阳 华埠 芳村 双港 石梁 航埠 樟潭";
    private static readonly Weighted<string> RoadSuffixes = new([("路", 70), ("街", 18), ("大道", 8), ("巷", 4)]);

    private readonly Weighted<County> _counties;

    public Places(Rng rng)
    {
        var townships = ReferenceFiles.ReadLines("zhejiang_townships.csv").Skip(1)
            .Select(l => l.Split(',')).Where(f => f[0].StartsWith("3308", StringComparison.Ordinal))
            .ToDictionary(f => f[0], f => f[1]);
        var stems = RoadStems.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var flats = new Dictionary<string, List<Locality>>();
        var villages = new Dictionary<string, List<Locality>>();
        var roadsByTownship = new Dictionary<string, string[]>();
        foreach (var f in ReferenceFiles.ReadLines("zhejiang_villages.csv").Skip(1).Select(l => l.Split(',')))
        {
            if (!f[0].StartsWith("3308", StringComparison.Ordinal) || !townships.TryGetValue(f[2], out var township))
                continue;
            var name = ShortName(f[1]);
            if (name is null)
                continue;
            var county = f[0][..6];
            if (!roadsByTownship.TryGetValue(f[2], out var roads))
                roadsByTownship[f[2]] = roads = Enumerable.Range(0, 8).Select(_ => rng.Pick(stems) + RoadSuffixes.Pick(rng)).Distinct().ToArray();
            var target = name.EndsWith("社区", StringComparison.Ordinal) ? flats : villages;
            if (!target.TryGetValue(county, out var list))
                target[county] = list = [];
            list.Add(new Locality(f[0], township, name, roads));
        }
        _counties = new(Counties.Select(c => (new County(c.Code, c.Name, c.FlatShare,
            flats.GetValueOrDefault(c.Code, []), villages.GetValueOrDefault(c.Code, [])), c.Population)));
    }

    /// <summary>A new dwelling anywhere in Quzhou; rural only when <paramref name="rural"/>.</summary>
    public SampleAddress NewAddress(Rng rng, bool rural = false) => NewAddress(rng, _counties.Pick(rng), rural);

    /// <summary>A new dwelling in the same county as <paramref name="near"/> (a household's previous home).</summary>
    public SampleAddress NewAddressNear(Rng rng, SampleAddress near) =>
        NewAddress(rng, _counties.Items.First(c => c.Code == near.CountyCode), rural: false);

    private static SampleAddress NewAddress(Rng rng, County county, bool rural)
    {
        if (!rural && county.Flats.Count > 0 && rng.Chance(county.FlatShare))
        {
            var c = rng.Pick(county.Flats);
            var floor = rng.Next(1, 19);
            return new SampleAddress(c.Code, county.Name, c.Township, c.Name, rng.Pick(c.Roads),
                rng.Next(1, 400), rng.Next(1, 36), rng.Next(1, 5), floor * 100 + rng.Next(1, 5), rng.Next(1, 9));
        }
        var v = rng.Pick(county.Villages);
        return new SampleAddress(v.Code, county.Name, v.Township, v.Name, "", rng.Next(1, 300), 0, 0, 0, rng.Next(1, 5));
    }

    // 郭丰村民委员会 -> 郭丰村, 鹿角堰村村委会 -> 鹿角堰村, 书香社区居委会 -> 书香社区; other units are left out.
    private static string? ShortName(string name)
    {
        foreach (var (suffix, replacement) in Suffixes)
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                // 占村村民委员会 is the committee of 占村: do not make it 占村村.
                var stem = name[..^suffix.Length];
                return stem.EndsWith(replacement, StringComparison.Ordinal) ? stem : stem + replacement;
            }
        return null;
    }

    private static readonly (string, string)[] Suffixes =
    [
        ("社区居民委员会", "社区"), ("社区居委会", "社区"), ("村民委员会", "村"), ("村委会", "村"),
        ("居民委员会", "社区"), ("居委会", "社区"), ("社区", "社区"), ("村", "村"),
    ];

    private sealed record Locality(string Code, string Township, string Name, string[] Roads);

    private sealed record County(string Code, string Name, double FlatShare, List<Locality> Flats, List<Locality> Villages);
}
