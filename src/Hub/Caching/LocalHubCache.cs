using System.Collections.Concurrent;

namespace Hub.Caching;

/// <summary>
/// The in-process cache used when no Redis is configured. Correct only for a single hub
/// process: another replica would not see its invalidations, so the hub warns at start.
/// </summary>
public sealed class LocalHubCache(TimeProvider time, TimeSpan defaultTtl, int maxEntries) : IHubCache
{
    private const string ChainStop = "\u0000";
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _evicting;

    /// <inheritdoc />
    public string Mode => "local";

    /// <summary>Entries held now, expired ones included until they are swept.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.ExpiresAt > time.GetUtcNow())
                return Task.FromResult<string?>(entry.Value);
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
        return Task.FromResult<string?>(null);
    }

    /// <inheritdoc />
    public async Task<(string? First, string? Second)> GetChainedAsync(string key, string secondKeyPrefix, CancellationToken cancellationToken)
    {
        var first = await GetAsync(key, cancellationToken);
        if (first is null || first == ChainStop)
            return (first, null);
        return (first, await GetAsync(secondKeyPrefix + first, cancellationToken));
    }

    /// <inheritdoc />
    public Task SetAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        _entries[key] = new Entry(value, time.GetUtcNow() + (ttl ?? defaultTtl));
        if (_entries.Count > maxEntries)
            Evict();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fresh = new Entry(value, now + (ttl ?? defaultTtl));
        while (true)
        {
            if (_entries.TryAdd(key, fresh))
                break;
            if (_entries.TryGetValue(key, out var current))
            {
                if (current.ExpiresAt > now)
                    return Task.FromResult(false);
                if (_entries.TryUpdate(key, fresh, current))
                    break;
            }
        }
        if (_entries.Count > maxEntries)
            Evict();
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<long> RemoveAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        long removed = 0;
        foreach (var key in keys)
        {
            if (_entries.TryRemove(key, out var entry) && entry.ExpiresAt > time.GetUtcNow())
                removed++;
        }
        return Task.FromResult(removed);
    }

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Drops expired entries, then the soonest-to-expire ones, down to 90% of the limit.
    // One thread evicts at a time; the others carry on.
    private void Evict()
    {
        if (Interlocked.Exchange(ref _evicting, 1) == 1)
            return;
        try
        {
            var now = time.GetUtcNow();
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now)
                    _entries.TryRemove(pair);
            }
            var target = maxEntries - maxEntries / 10;
            var excess = _entries.Count - target;
            if (excess <= 0)
                return;
            foreach (var pair in _entries.OrderBy(p => p.Value.ExpiresAt).Take(excess).ToList())
                _entries.TryRemove(pair);
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    private sealed record Entry(string Value, DateTimeOffset ExpiresAt);
}
