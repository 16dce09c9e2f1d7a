namespace Hub.Dictionaries;

/// <summary>Keeps department code mappings, their history and the codes seen without one.</summary>
public interface IMappingStore
{
    /// <summary>Records the dictionary versions this hub ships; returns when each was first loaded.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> RecordDictionaryVersionsAsync(
        IReadOnlyList<(string Dictionary, string Version, int EntryCount)> versions, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Mappings ordered by department, dictionary and local code; null filters match everything.</summary>
    Task<IReadOnlyList<CodeMappingRow>> ListMappingsAsync(string? department, string? dictionary, int offset, int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Applies puts and deletes in one transaction, writing a history row for each real change,
    /// and counts the quarantined records waiting on the changed codes.
    /// </summary>
    Task<MappingChangeResult> ChangeMappingsAsync(IReadOnlyList<CodeMappingRow> puts, IReadOnlyList<LocalCodeKey> deletes,
        string actor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Codes seen without a mapping that still have none, most frequent first.</summary>
    Task<IReadOnlyList<UnmappedCodeRow>> ListUnmappedAsync(string? department, string? dictionary, int offset, int limit,
        CancellationToken cancellationToken);
}
