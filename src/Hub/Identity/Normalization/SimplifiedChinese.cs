using Hub.ReferenceData;

namespace Hub.Identity.Normalization;

/// <summary>
/// Traditional → simplified per character from OpenCC's <c>TSCharacters</c> (first value). A
/// character of the 通用规范汉字表 is already a standard simplified form and is never converted,
/// so 乾 (qián), 於 (a surname) and 昇 in names survive although OpenCC lists 干, 于, 升 first.
/// </summary>
internal sealed class SimplifiedChinese
{
    private static readonly Lazy<SimplifiedChinese> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly int[] _bmp = new int[0x10000];
    private readonly Dictionary<int, int> _supplementary = [];

    private SimplifiedChinese()
    {
    }

    /// <summary>The table, loaded on first use.</summary>
    public static SimplifiedChinese Instance => Shared.Value;

    /// <summary>The simplified code point for a code point (itself when there is no conversion).</summary>
    public int ToSimplified(int codePoint)
    {
        if (codePoint < 0x10000)
        {
            var mapped = _bmp[codePoint];
            return mapped == 0 ? codePoint : mapped;
        }
        return _supplementary.TryGetValue(codePoint, out var value) ? value : codePoint;
    }

    private static SimplifiedChinese Load()
    {
        var table = new SimplifiedChinese();
        var pinyin = PinyinTable.Instance;
        foreach (var line in ReferenceFiles.ReadLines("opencc_traditional_to_simplified.txt"))
        {
            // 繁<TAB>简 [简…]
            if (line.Length == 0 || line[0] == '#')
                continue;
            var tab = line.IndexOf('\t');
            if (tab <= 0 || tab + 1 >= line.Length)
                continue;
            var from = char.ConvertToUtf32(line, 0);
            var to = char.ConvertToUtf32(line, tab + 1);
            if (from == to || pinyin.IsCommon(from))
                continue;
            if (from < 0x10000)
                table._bmp[from] = to;
            else
                table._supplementary[from] = to;
        }
        return table;
    }
}
