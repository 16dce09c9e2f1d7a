using System.Globalization;
using System.Text;
using Hub.ReferenceData;

namespace Hub.Identity.Normalization;

/// <summary>
/// Toneless pinyin of one reading per character, keyed by code point. The reading of the
/// 8,105 common characters comes from <c>common_8105_pinyin.txt</c> (its single most common
/// reading, uncertain lines included as listed); every other character takes the first reading
/// in <c>unihan_pinyin.txt</c>. Loaded once, lazily and thread-safely; read-only afterwards.
/// </summary>
internal sealed class PinyinTable
{
    private static readonly Lazy<PinyinTable> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string?[] _bmp = new string?[0x10000];
    private readonly Dictionary<int, string> _supplementary = [];
    private readonly bool[] _commonBmp = new bool[0x10000];
    private readonly HashSet<int> _commonSupplementary = [];

    private PinyinTable()
    {
    }

    /// <summary>The table, loaded on first use.</summary>
    public static PinyinTable Instance => Shared.Value;

    /// <summary>The toneless reading (lower case, <c>ü</c> written <c>v</c>) of a code point, or null.</summary>
    public string? Reading(int codePoint) =>
        codePoint < 0x10000 ? _bmp[codePoint] : _supplementary.GetValueOrDefault(codePoint);

    /// <summary>True when the character is one of the 8,105 of the 通用规范汉字表 (a standard simplified form).</summary>
    public bool IsCommon(int codePoint) =>
        codePoint < 0x10000 ? _commonBmp[codePoint] : _commonSupplementary.Contains(codePoint);

    private static PinyinTable Load()
    {
        var table = new PinyinTable();
        var syllables = new Dictionary<string, string>(StringComparer.Ordinal);
        table.LoadFile("unihan_pinyin.txt", syllables, common: false);
        table.LoadFile("common_8105_pinyin.txt", syllables, common: true);
        return table;
    }

    private void LoadFile(string name, Dictionary<string, string> syllables, bool common)
    {
        foreach (var line in ReferenceFiles.ReadLines(name))
        {
            // U+4E2D: zhōng,zhòng  # 中
            if (!line.StartsWith("U+", StringComparison.Ordinal))
                continue;
            var colon = line.IndexOf(':');
            if (colon < 3 || !int.TryParse(line.AsSpan(2, colon - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp))
                continue;
            var rest = line.AsSpan(colon + 1).TrimStart();
            var end = rest.IndexOfAny(',', ' ');
            var reading = Toneless(end < 0 ? rest : rest[..end]);
            if (reading.Length == 0)
                continue;
            if (!syllables.TryGetValue(reading, out var shared))
                syllables[reading] = shared = reading;
            if (cp < 0x10000)
            {
                _bmp[cp] = shared;
                if (common)
                    _commonBmp[cp] = true;
            }
            else
            {
                _supplementary[cp] = shared;
                if (common)
                    _commonSupplementary.Add(cp);
            }
        }
    }

    /// <summary>Removes tone marks: <c>lüè</c> → <c>lve</c>, <c>ḿ</c> → <c>m</c>, <c>ê̄</c> → <c>e</c>.</summary>
    internal static string Toneless(ReadOnlySpan<char> reading)
    {
        var decomposed = reading.ToString().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            if (c == '\u0308' && sb.Length > 0 && sb[^1] == 'u')
            {
                sb[^1] = 'v'; // u + combining diaeresis = ü, written v in keys
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (c is >= 'a' and <= 'z')
                sb.Append(c);
            else if (c is >= 'A' and <= 'Z')
                sb.Append((char)(c + 32));
        }
        return sb.ToString();
    }
}
