namespace Hub.Dictionaries;

/// <summary>One code of a canonical dictionary.</summary>
/// <param name="Code">The code, as text with its leading zeros.</param>
/// <param name="Label">Its label in simplified Chinese.</param>
/// <param name="ParentCode">The parent in hierarchical dictionaries; empty at the top.</param>
/// <param name="Deprecated">Kept for old data; refused as the target of a new mapping.</param>
public sealed record DictionaryCode(string Code, string Label, string ParentCode = "", bool Deprecated = false);

/// <summary>A canonical code table shipped with the hub, in one version.</summary>
public sealed class CanonicalDictionary
{
    private readonly Dictionary<string, DictionaryCode> _byCode;

    /// <summary>Creates a dictionary; codes must be unique.</summary>
    public CanonicalDictionary(string id, string name, string standard, string version, IEnumerable<DictionaryCode> codes)
    {
        Id = id;
        Name = name;
        Standard = standard;
        Version = version;
        Codes = codes.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        _byCode = Codes.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    /// <summary>Id used in <c>CodedValue.dictionary</c>, e.g. <c>sex</c>.</summary>
    public string Id { get; }

    /// <summary>Display name in Chinese.</summary>
    public string Name { get; }

    /// <summary>The standard it follows; empty for the hub's own tables.</summary>
    public string Standard { get; }

    /// <summary>Version of the entries.</summary>
    public string Version { get; }

    /// <summary>All codes, ordered by code.</summary>
    public IReadOnlyList<DictionaryCode> Codes { get; }

    /// <summary>Finds a code.</summary>
    public bool TryGet(string code, out DictionaryCode entry) => _byCode.TryGetValue(code, out entry!);
}
