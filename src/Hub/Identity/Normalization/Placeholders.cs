namespace Hub.Identity.Normalization;

/// <summary>Words departments type into a field when they have no value ("none", "unknown", a slash).</summary>
internal static class Placeholders
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "无", "無", "没有", "不详", "不詳", "未知", "暂无", "暫無", "空", "无证", "未登记", "待补", "待补充",
        "null", "none", "nil", "n/a", "na", "unknown", "/", "\\", "／", "-", "--", "---", "—", "——", "－", "*", "?", "？", ".", "。",
    };

    /// <summary>True when the trimmed text is one of the known placeholder words.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> trimmed) =>
        trimmed.Length <= 8 && Words.GetAlternateLookup<ReadOnlySpan<char>>().Contains(trimmed);
}
