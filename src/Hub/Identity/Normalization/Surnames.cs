namespace Hub.Identity.Normalization;

/// <summary>Two-character compound surnames and the surname readings that differ from a character's common reading.</summary>
internal static class Surnames
{
    private static readonly HashSet<string> Compound = new(StringComparer.Ordinal)
    {
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "令狐", "慕容", "长孙", "宇文",
        "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "万俟", "澹台", "单于", "申屠",
        "太史", "公冶", "濮阳", "淳于", "闻人", "呼延", "赫连", "司空", "钟离", "宗政", "公羊", "拓跋",
        "东郭", "北堂", "第五", "左丘", "梁丘", "漆雕", "乐正", "壤驷", "公良", "谷梁", "段干", "巫马",
        "仲孙", "叔孙", "子车", "颛孙", "亓官", "司寇", "羊舌", "微生", "公西", "夹谷", "宰父", "东门",
    };

    // Surname readings (toneless) where the most common reading of the character is another one.
    private static readonly Dictionary<string, string> Readings = new(StringComparer.Ordinal)
    {
        ["单"] = "shan", ["解"] = "xie", ["仇"] = "qiu", ["区"] = "ou", ["查"] = "zha", ["曾"] = "zeng",
        ["朴"] = "piao", ["盖"] = "ge", ["缪"] = "miao", ["覃"] = "qin", ["乐"] = "yue", ["尉"] = "wei",
        ["种"] = "chong", ["秘"] = "bi", ["繁"] = "po", ["员"] = "yun", ["翟"] = "zhai", ["折"] = "she",
        ["句"] = "gou", ["召"] = "shao", ["宿"] = "su", ["祭"] = "zhai", ["厍"] = "she", ["能"] = "nai",
        ["黑"] = "he", ["隗"] = "wei", ["洗"] = "xian", ["车"] = "che", ["长"] = "chang", ["阚"] = "kan",
        ["都"] = "du", ["藏"] = "zang", ["佴"] = "nai", ["谌"] = "chen", ["柏"] = "bai", ["费"] = "fei",
        ["沈"] = "shen", ["薄"] = "bo", ["贾"] = "jia", ["重"] = "chong", ["相"] = "xiang", ["石"] = "shi",
        ["尉迟"] = "yuchi", ["万俟"] = "moqi", ["单于"] = "chanyu", ["长孙"] = "zhangsun", ["澹台"] = "tantai",
        ["乐正"] = "yuezheng", ["令狐"] = "linghu", ["东方"] = "dongfang", ["宰父"] = "zaifu",
    };

    /// <summary>True when the two leading characters form a known compound surname.</summary>
    public static bool IsCompound(ReadOnlySpan<char> twoCharacters) =>
        Compound.GetAlternateLookup<ReadOnlySpan<char>>().Contains(twoCharacters);

    /// <summary>The surname reading when it differs from the common reading, otherwise null.</summary>
    public static string? ReadingOverride(ReadOnlySpan<char> surname) =>
        Readings.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(surname, out var reading) ? reading : null;
}
