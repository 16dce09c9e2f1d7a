using Hub.Common;

namespace Hub.Dictionaries;

/// <summary>A mapping batch that was refused; nothing of it was applied.</summary>
public sealed class MappingRejectedException(IReadOnlyList<(string Field, string Reason)> problems)
    : Exception($"{problems.Count} problem(s) in the mapping batch; nothing was applied")
{
    /// <summary>Each problem with the request field it concerns, e.g. <c>mappings[3].canonical_code</c>.</summary>
    public IReadOnlyList<(string Field, string Reason)> Problems { get; } = problems;
}

/// <summary>Outcome of a CSV import.</summary>
public sealed record ImportResult(int RowCount, int Applied, long Requeued, IReadOnlyList<CsvProblem> Problems);

/// <summary>
/// Department code mappings: validated batches applied whole or not at all, CSV import and
/// export, and the in-memory snapshot ingest translates with. Every change raises
/// <see cref="MappingChangeSignal"/> so quarantined records are replayed.
/// </summary>
public sealed class MappingService(IMappingStore store, DictionaryCatalog catalog, MappingChangeSignal signal, TimeProvider time)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile MappingSnapshot? _snapshot;

    /// <summary>The catalog the mappings point into.</summary>
    public DictionaryCatalog Catalog => catalog;

    /// <summary>The current mappings, loaded from the store on first use and after every change.</summary>
    public async ValueTask<MappingSnapshot> GetSnapshotAsync(CancellationToken cancellationToken) =>
        _snapshot ?? await ReloadAsync(cancellationToken);

    /// <summary>Creates or replaces mappings; any invalid mapping refuses the whole batch.</summary>
    /// <exception cref="MappingRejectedException">With one problem per bad mapping.</exception>
    public async Task<MappingChangeResult> PutAsync(IReadOnlyList<CodeMappingRow> mappings, string actor, CancellationToken cancellationToken)
    {
        var problems = new List<(string, string)>();
        var seen = new Dictionary<LocalCodeKey, int>();
        for (var i = 0; i < mappings.Count; i++)
        {
            var m = mappings[i];
            var prefix = $"mappings[{i}]";
            if (!DepartmentCode.IsValid(m.Department))
                problems.Add(($"{prefix}.department", DepartmentCode.Rule));
            if (!catalog.TryGet(m.Dictionary, out var dictionary))
            {
                problems.Add(($"{prefix}.dictionary", $"unknown dictionary '{m.Dictionary}'"));
                continue;
            }
            foreach (var p in MappingCsv.Check(new MappingDraft(0, m.LocalCode, m.CanonicalCode, m.LocalLabel, m.Note), dictionary))
                problems.Add(($"{prefix}.{p.Column}", p.Reason));
            if (!seen.TryAdd(m.Key, i))
                problems.Add(($"{prefix}.local_code", $"the same mapping key appears in mappings[{seen[m.Key]}]"));
        }
        if (problems.Count > 0)
            throw new MappingRejectedException(problems);
        return await ChangeAsync(mappings, [], actor, cancellationToken);
    }

    /// <summary>Deletes mappings; keys without a mapping are ignored.</summary>
    public Task<MappingChangeResult> DeleteAsync(IReadOnlyList<LocalCodeKey> keys, string actor, CancellationToken cancellationToken) =>
        ChangeAsync([], keys, actor, cancellationToken);

    /// <summary>Imports a CSV file for one department and dictionary; any problem refuses the whole file.</summary>
    public async Task<ImportResult> ImportAsync(string department, CanonicalDictionary dictionary, ReadOnlyMemory<byte> csv,
        bool replaceAll, bool validateOnly, string actor, CancellationToken cancellationToken)
    {
        var (rows, problems, dataRows) = MappingCsv.Parse(csv.Span, dictionary);
        if (problems.Count > 0 || validateOnly)
            return new ImportResult(dataRows, 0, 0, problems);

        var now = time.GetUtcNow();
        var puts = rows.Select(r => new CodeMappingRow(department, dictionary.Id, r.LocalCode, r.CanonicalCode, r.LocalLabel, r.Note, actor, now)).ToList();
        var deletes = new List<LocalCodeKey>();
        if (replaceAll)
        {
            var keep = puts.Select(p => p.LocalCode).ToHashSet(StringComparer.Ordinal);
            deletes.AddRange((await ListAllAsync(department, dictionary.Id, cancellationToken))
                .Where(m => !keep.Contains(m.LocalCode)).Select(m => m.Key));
        }
        var result = await ChangeAsync(puts, deletes, actor, cancellationToken);
        return new ImportResult(dataRows, result.Applied + result.Deleted, result.Requeued, []);
    }

    /// <summary>The CSV of one department's mappings for one dictionary, ordered by local code.</summary>
    public async Task<byte[]> ExportAsync(string department, string dictionary, CancellationToken cancellationToken) =>
        MappingCsv.Write((await ListAllAsync(department, dictionary, cancellationToken))
            .Select(m => (m.LocalCode, m.CanonicalCode, m.LocalLabel, m.Note)));

    /// <summary>Every mapping of a department for a dictionary.</summary>
    public async Task<IReadOnlyList<CodeMappingRow>> ListAllAsync(string department, string dictionary, CancellationToken cancellationToken)
    {
        var all = new List<CodeMappingRow>();
        const int page = 1000;
        while (true)
        {
            var rows = await store.ListMappingsAsync(department, dictionary, all.Count, page, cancellationToken);
            all.AddRange(rows);
            if (rows.Count < page)
                return all;
        }
    }

    private async Task<MappingChangeResult> ChangeAsync(IReadOnlyList<CodeMappingRow> puts, IReadOnlyList<LocalCodeKey> deletes,
        string actor, CancellationToken cancellationToken)
    {
        var result = await store.ChangeMappingsAsync(puts, deletes, actor, time.GetUtcNow(), cancellationToken);
        if (result.Applied + result.Deleted > 0)
        {
            await ReloadAsync(cancellationToken);
            signal.Raise();
        }
        return result;
    }

    private async Task<MappingSnapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            var rows = await store.ListMappingsAsync(null, null, 0, int.MaxValue, cancellationToken);
            var snapshot = new MappingSnapshot(rows);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }
}
