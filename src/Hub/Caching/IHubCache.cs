namespace Hub.Caching;

/// <summary>
/// A key-value cache in front of the store. Keys are given without the configured prefix;
/// the implementation adds it. The cache is never the truth: a miss or an outage means
/// "ask the store", so callers treat every failure as a miss.
/// </summary>
public interface IHubCache
{
    /// <summary><c>redis</c> or <c>local</c> (in-process, single-node mode).</summary>
    string Mode { get; }

    /// <summary>The cached value, or null when absent or expired.</summary>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Reads <paramref name="key"/> and, when it holds a value other than the tombstone <c>"\u0000"</c>,
    /// the key <paramref name="secondKeyPrefix"/> + that value — in one round trip, as one snapshot.
    /// <c>Second</c> is null when the first key is absent or a tombstone, or the second key is absent.
    /// Both keys are given without the configured prefix.
    /// </summary>
    Task<(string? First, string? Second)> GetChainedAsync(string key, string secondKeyPrefix, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/>, replacing any earlier one; expires after <paramref name="ttl"/> or the default.</summary>
    Task SetAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="value"/> only when the key holds nothing; returns whether it did.</summary>
    Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken);

    /// <summary>Removes the keys; returns how many were present.</summary>
    Task<long> RemoveAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Round-trips to the cache; throws when it cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
