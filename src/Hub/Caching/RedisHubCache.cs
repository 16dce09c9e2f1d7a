using StackExchange.Redis;

namespace Hub.Caching;

/// <summary>The shared cache for one or many hub replicas, on Redis. Async only; one multiplexer per process.</summary>
public sealed class RedisHubCache(IConnectionMultiplexer redis, string keyPrefix, TimeSpan defaultTtl) : IHubCache
{
    private readonly RedisKey _prefix = keyPrefix;

    /// <inheritdoc />
    public string Mode => "redis";

    /// <inheritdoc />
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(_prefix.Append(key));
        return value.IsNull ? null : value.ToString();
    }

    /// <inheritdoc />
    public Task SetAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(_prefix.Append(key), value, ttl ?? defaultTtl);

    /// <inheritdoc />
    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan? ttl, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(_prefix.Append(key), value, ttl ?? defaultTtl, When.NotExists);

    /// <inheritdoc />
    public Task<long> RemoveAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0
            ? Task.FromResult(0L)
            : redis.GetDatabase().KeyDeleteAsync(keys.Select(k => _prefix.Append(k)).ToArray());

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) => redis.GetDatabase().PingAsync();
}
