namespace Hub.Dictionaries;

/// <summary>Identifies one department code in one dictionary.</summary>
public readonly record struct LocalCodeKey(string Department, string Dictionary, string LocalCode);

/// <summary>A stored mapping of a department code onto a canonical code.</summary>
public sealed record CodeMappingRow(
    string Department, string Dictionary, string LocalCode, string CanonicalCode,
    string LocalLabel, string Note, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    /// <summary>The mapping's key.</summary>
    public LocalCodeKey Key => new(Department, Dictionary, LocalCode);
}

/// <summary>A department code seen in pushed records without a mapping.</summary>
public sealed record UnmappedCodeRow(
    string Department, string Dictionary, string LocalCode, string LocalLabel, long Count, long QuarantinedCount,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string ExampleLocalId);

/// <summary>What a mapping change did.</summary>
/// <param name="Applied">Mappings created or changed (unchanged ones are not counted).</param>
/// <param name="Deleted">Mappings that existed and were deleted.</param>
/// <param name="Requeued">Quarantined records waiting on the changed codes, now due for replay.</param>
public sealed record MappingChangeResult(int Applied, int Deleted, long Requeued);

/// <summary>An immutable view of every mapping, for translating records without a store round trip.</summary>
public sealed class MappingSnapshot
{
    private readonly Dictionary<LocalCodeKey, string> _canonical;

    /// <summary>Builds a snapshot from stored rows.</summary>
    public MappingSnapshot(IEnumerable<CodeMappingRow> rows) =>
        _canonical = rows.ToDictionary(r => r.Key, r => r.CanonicalCode);

    /// <summary>An empty snapshot.</summary>
    public static MappingSnapshot Empty { get; } = new([]);

    /// <summary>Number of mappings.</summary>
    public int Count => _canonical.Count;

    /// <summary>The canonical code a department code maps to.</summary>
    public bool TryMap(LocalCodeKey key, out string canonicalCode) => _canonical.TryGetValue(key, out canonicalCode!);
}
