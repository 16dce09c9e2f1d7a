using StackExchange.Redis;

namespace Hub.Caching;

/// <summary>The shared cache for one or many hub replicas, on Redis. Async only; one multiplexer per process.</summary>
public sealed class RedisHubCache(IConnectionMultiplexer redis, string keyPrefix, TimeSpan defaultTtl) : IHubCache
{
    // KEYS[1] is the first key, ARGV[1] the full (prefixed) name of the second key less the first's value.
    // The second key is derived from data, so it cannot be declared in KEYS: fine on one Redis (or a
    // replica set), not on Redis Cluster unless both keys share a hash slot.
    private const string ChainedScript = """
        local first = redis.call('GET', KEYS[1])
        if not first or first == '\0' then
            return { first, false }
        end
        return { first, redis.call('GET', ARGV[1] .. first) }
        """;

    private readonly RedisKey _prefix = keyPrefix;
    private readonly string _prefixText = keyPrefix;

    /// <inheritdoc />
    public string Mode => "redis";

    /// <inheritdoc />
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(_prefix.Append(key));
        return value.IsNull ? null : value.ToString();
    }

    /// <inheritdoc />
    public async Task<(string? First, string? Second)> GetChainedAsync(string key, string secondKeyPrefix, CancellationToken cancellationToken)
    {
        // StackExchange.Redis remembers the script's SHA and sends EVALSHA after the first call.
        var result = await redis.GetDatabase().ScriptEvaluateAsync(ChainedScript,
            [_prefix.Append(key)], [_prefixText + secondKeyPrefix]);
        var pair = (RedisResult[])result!;
        return ((string?)pair[0], pair.Length > 1 ? (string?)pair[1] : null);
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
