using System.Collections.Frozen;
using Hub.ReferenceData;

namespace Hub.Addresses;

/// <summary>
/// The administrative divisions of Zhejiang down to village level, loaded once from the shipped
/// reference tables, immutable afterwards and safe to share between threads. Looks divisions up
/// by code, by name or any common spelling of it (柯城区/柯城, 府山街道/府山, 新桥村村民委员会/新桥村),
/// and lists children.
/// </summary>
public sealed class DivisionCatalog
{
    private static readonly Lazy<DivisionCatalog> SharedInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, Division> _byCode12;
    private readonly FrozenDictionary<string, NameMatch[]> _byName;
    private readonly FrozenDictionary<string, NameMatch[]>.AlternateLookup<ReadOnlySpan<char>> _byNameSpan;
    private readonly FrozenDictionary<Division, Division[]> _children;

    // For each pair of first characters, a bit per name length that occurs (bit n: some spelling of n characters
    // starts with them), so that matching at a position tries only lengths that can hit. By the first character
    // alone (新, 大, 东 start names of most lengths) a parse made several times as many lookups, most of them misses.
    private readonly FrozenDictionary<int, ulong> _lengthsByFirstPair;

    private DivisionCatalog(IReadOnlyList<Division> all, Dictionary<string, List<NameMatch>> names)
    {
        All = all;
        Province = all.First(d => d.Level == DivisionLevel.Province);
        _byCode12 = all.ToFrozenDictionary(d => d.Code12, StringComparer.Ordinal);
        _byName = names.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _byNameSpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        _children = all.Where(d => d.Parent is not null)
            .GroupBy(d => d.Parent!)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
        MaxNameLength = Math.Min(63, names.Keys.Max(k => k.Length));
        var lengths = new Dictionary<int, ulong>();
        foreach (var name in names.Keys)
        {
            if (name.Length is >= 2 and var length && length <= MaxNameLength)
            {
                var pair = Pair(name[0], name[1]);
                lengths[pair] = lengths.GetValueOrDefault(pair) | 1UL << length;
            }
        }
        _lengthsByFirstPair = lengths.ToFrozenDictionary();
    }

    /// <summary>The catalog built from the embedded reference tables, loaded on first use.</summary>
    public static DivisionCatalog Shared => SharedInstance.Value;

    /// <summary>The province (浙江省, 330000).</summary>
    public Division Province { get; }

    /// <summary>Every division, parents before children.</summary>
    public IReadOnlyList<Division> All { get; }

    /// <summary>The length of the longest spelling known, in characters.</summary>
    public int MaxNameLength { get; }

    /// <summary>Loads a new catalog from the embedded reference tables (prefer <see cref="Shared"/>).</summary>
    public static DivisionCatalog Load() =>
        FromLines(
            ReferenceFiles.ReadLines("zhejiang_divisions_county_and_above.csv"),
            ReferenceFiles.ReadLines("zhejiang_townships.csv"),
            ReferenceFiles.ReadLines("zhejiang_villages.csv"));

    /// <summary>Builds a catalog from the lines of the three CSV tables, each with its header line.</summary>
    public static DivisionCatalog FromLines(IEnumerable<string> countiesAndAbove, IEnumerable<string> townships, IEnumerable<string> villages)
    {
        var byCode = new Dictionary<string, Division>(StringComparer.Ordinal);
        var all = new List<Division>(30_000);
        void Add(string code, string name, DivisionLevel level, string? parentCode)
        {
            Division? parent = null;
            if (!string.IsNullOrEmpty(parentCode) && !byCode.TryGetValue(parentCode, out parent))
                return; // orphan row: nothing to hang it on
            var division = new Division(code, name, DivisionNames.Canonical(name, level), level, parent);
            if (byCode.TryAdd(code, division))
                all.Add(division);
        }

        // code6,nbs_code,name,level,parent_code6 — rows come parents first.
        foreach (var f in Rows(countiesAndAbove, 5))
            Add(f[0], f[2], f[3] switch { "province" => DivisionLevel.Province, "prefecture" => DivisionLevel.City, _ => DivisionLevel.County }, f[4]);
        // code,name,areaCode,cityCode,provinceCode
        foreach (var f in Rows(townships, 3))
            Add(f[0], f[1], DivisionLevel.Township, f[2]);
        // code,name,streetCode,areaCode,cityCode,provinceCode
        foreach (var f in Rows(villages, 3))
            Add(f[0], f[1], DivisionLevel.Village, f[2]);

        var names = new Dictionary<string, List<NameMatch>>(StringComparer.Ordinal);
        foreach (var d in all)
        {
            foreach (var form in DivisionNames.Forms(d.Name, d.CanonicalName, d.Level))
            {
                // Index spellings as parsed text looks: 艾溪（西湖）社区 is matched as 艾溪西湖社区.
                var text = TextNormalizer.Normalize(form.Text);
                if (text.Length < 2)
                    continue;
                if (!names.TryGetValue(text, out var list))
                    names[text] = list = [];
                if (!list.Contains(new NameMatch(d, form.Bare)))
                    list.Add(new NameMatch(d, form.Bare));
            }
        }
        // Former names and functional zones (衢县, 衢州智造新城): full spellings of the division they stand for.
        foreach (var (alias, code) in DivisionNames.FormerAndZoneNames)
        {
            if (!byCode.TryGetValue(code, out var d))
                continue;
            var text = TextNormalizer.Normalize(alias);
            if (!names.TryGetValue(text, out var list))
                names[text] = list = [];
            if (!list.Contains(new NameMatch(d, Bare: false)))
                list.Add(new NameMatch(d, Bare: false));
        }
        return new DivisionCatalog(all, names);
    }

    /// <summary>Finds a division by a 2-, 4-, 6-, 9- or 12-digit code (zero padding allowed); null when unknown.</summary>
    public Division? FindByCode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 12 || !code.All(char.IsAsciiDigit))
            return null;
        return _byCode12.GetValueOrDefault(code.PadRight(12, '0'));
    }

    /// <summary>
    /// All divisions known by this exact spelling (official, canonical or short form), optionally only
    /// those at <paramref name="level"/>; empty when none. Short forms are shared widely (江山 is a
    /// county and several villages), so pass a level when you know it.
    /// </summary>
    public IReadOnlyList<Division> FindByName(string name, DivisionLevel level = DivisionLevel.None)
    {
        var text = TextNormalizer.Normalize(name);
        if (!_byName.TryGetValue(text, out var matches))
            return [];
        return matches.Select(m => m.Division).Where(d => level == DivisionLevel.None || d.Level == level).Distinct().ToArray();
    }

    /// <summary>The divisions directly below <paramref name="parent"/>; empty for a village.</summary>
    public IReadOnlyList<Division> ChildrenOf(Division parent) =>
        _children.TryGetValue(parent, out var children) ? children : [];

    /// <summary>The divisions directly below the division with this code; empty when unknown.</summary>
    public IReadOnlyList<Division> ChildrenOf(string code) =>
        FindByCode(code) is { } parent ? ChildrenOf(parent) : [];

    /// <summary>
    /// Bit n set when some spelling of n characters starts with the first two characters of <paramref name="text"/>
    /// and fits in it (2 ≤ n ≤ its length): the only lengths a name at the start of the text can have.
    /// </summary>
    internal ulong LengthsStartingWith(ReadOnlySpan<char> text)
    {
        if (text.Length < 2 || !_lengthsByFirstPair.TryGetValue(Pair(text[0], text[1]), out var lengths))
            return 0;
        return text.Length >= 63 ? lengths : lengths & ((2UL << text.Length) - 1);
    }

    private static int Pair(char first, char second) => first << 16 | second;

    /// <summary>The hot-path lookup: spellings equal to <paramref name="text"/>, or null.</summary>
    internal NameMatch[]? Match(ReadOnlySpan<char> text) =>
        _byNameSpan.TryGetValue(text, out var matches) ? matches : null;

    private static IEnumerable<string[]> Rows(IEnumerable<string> lines, int minFields)
    {
        var header = true;
        foreach (var line in lines)
        {
            if (header)
            {
                header = false;
                continue;
            }
            var fields = line.Trim().Split(',');
            if (fields.Length >= minFields && fields[0].Length > 0)
                yield return fields;
        }
    }
}

/// <summary>A division reached through one of its spellings.</summary>
/// <param name="Division">The division.</param>
/// <param name="Bare">True when the spelling lacks the level suffix (柯城, 府山, 新桥).</param>
internal readonly record struct NameMatch(Division Division, bool Bare);
