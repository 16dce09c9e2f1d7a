using System.Text;
using Hub.ReferenceData;

namespace Hub.SampleData;

/// <summary>
/// Character data for name errors, from the hub's reference tables: homophones (same toneless
/// pinyin in the 8,105 common characters) and simplified → traditional forms (OpenCC, reversed).
/// </summary>
internal sealed class CharacterTables
{
    // Homophones a clerk would plausibly type for a name: name characters and their usual sound-alikes.
    private const string TypingCandidates = NamePools.AllGivenCharacters +
        "方房晶京精菁靖玮炜卫维薇莉力立俐利亭庭廷君均钧桦骅铭鸣名民闽蔷永咏涌霖麟蕾雷垒晓小孝宇雨语玉杰洁捷" +
        "韬彬朋慧惠锋枫隆萍健剑瑛宏鸿玫岚真勤芹艳芸莹家琦祺丝辰臣昊宣紫梓瑞泽洋杨亦成怡仪宜";

    private static readonly Lazy<CharacterTables> Shared = new(() => new CharacterTables());

    private readonly Dictionary<char, char[]> _homophones = [];
    private readonly Dictionary<char, char> _traditional = [];

    private CharacterTables()
    {
        var readings = new Dictionary<char, string>();
        foreach (var line in ReferenceFiles.ReadLines("common_8105_pinyin.txt"))
        {
            // U+4E00: yī  # 一
            if (!line.StartsWith("U+", StringComparison.Ordinal))
                continue;
            var colon = line.IndexOf(':');
            var hash = line.IndexOf('#');
            if (colon < 0 || hash < 0)
                continue;
            var code = Convert.ToInt32(line[2..colon], 16);
            if (code > 0xFFFF)
                continue;
            var reading = line[(colon + 1)..hash].Trim().Split(',')[0];
            readings[(char)code] = Toneless(reading);
        }
        var candidates = TypingCandidates.Distinct().Where(readings.ContainsKey).ToArray();
        foreach (var c in NamePools.AllGivenCharacters.Distinct().Where(readings.ContainsKey))
        {
            var same = candidates.Where(o => o != c && readings[o] == readings[c]).ToArray();
            if (same.Length > 0)
                _homophones[c] = same;
        }
        foreach (var line in ReferenceFiles.ReadLines("opencc_traditional_to_simplified.txt"))
        {
            if (line.Length < 3 || line[0] == '#')
                continue;
            var parts = line.Split('\t');
            if (parts.Length < 2 || parts[0].Length != 1 || parts[1].Length < 1)
                continue;
            var simplified = parts[1][0];
            // 硃 -> 朱 is listed too, but 朱 is itself a traditional character: only characters
            // that Big5 (traditional) cannot encode are simplified forms worth converting.
            if (simplified != parts[0][0] && !InBig5(simplified) && InBig5(parts[0][0]))
                _traditional.TryAdd(simplified, parts[0][0]);
        }
    }

    /// <summary>The tables, loaded once.</summary>
    public static CharacterTables Default => Shared.Value;

    /// <summary>Characters read like <paramref name="c"/> (tones ignored), or empty.</summary>
    public IReadOnlyList<char> HomophonesOf(char c) => _homophones.TryGetValue(c, out var h) ? h : [];

    /// <summary>The traditional form of a simplified character, or the character itself.</summary>
    public char TraditionalOf(char c) => _traditional.GetValueOrDefault(c, c);

    private static readonly Encoding Big5 = CodePagesEncodingProvider.Instance.GetEncoding(950, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    private static bool InBig5(char c)
    {
        try
        {
            Big5.GetByteCount([c]);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    // "yī" -> "yi", "lǜ" -> "lv".
    private static string Toneless(string reading)
    {
        var sb = new StringBuilder(reading.Length);
        foreach (var ch in reading.Normalize(NormalizationForm.FormD))
        {
            if (ch == '\u0308')
            {
                sb[^1] = 'v';
                continue;
            }
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark)
                sb.Append(ch);
        }
        return sb.ToString();
    }
}
