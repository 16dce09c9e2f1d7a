namespace Hub.Dictionaries;

/// <summary>
/// When each shipped dictionary version was first loaded into this hub's store; filled at start
/// (see <see cref="DictionaryVersionRecorder"/>), read by the dictionary service.
/// </summary>
public sealed class DictionaryVersions
{
    private IReadOnlyDictionary<string, DateTimeOffset> _loaded = new Dictionary<string, DateTimeOffset>();

    /// <summary>When the current version of <paramref name="dictionary"/> was first loaded.</summary>
    public DateTimeOffset LoadedAt(string dictionary) => _loaded.TryGetValue(dictionary, out var at) ? at : default;

    internal void Set(IReadOnlyDictionary<string, DateTimeOffset> loaded) => _loaded = loaded;
}

/// <summary>Records the shipped dictionary versions in the store at start.</summary>
public sealed class DictionaryVersionRecorder(IMappingStore store, DictionaryCatalog catalog, DictionaryVersions versions, TimeProvider time)
    : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken) =>
        versions.Set(await store.RecordDictionaryVersionsAsync(
            catalog.All.Select(d => (d.Id, d.Version, d.Codes.Count)).ToList(), time.GetUtcNow(), cancellationToken));

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
