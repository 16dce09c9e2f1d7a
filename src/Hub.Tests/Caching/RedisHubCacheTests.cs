using Hub.Caching;
using Hub.Tests.Helpers;
using StackExchange.Redis;

namespace Hub.Tests.Caching;

[Collection(RedisCollection.Name)]
public sealed class RedisHubCacheContractTests : CacheContractTests, IDisposable
{
    private readonly ConnectionMultiplexer _redis;

    public RedisHubCacheContractTests(RedisServer server)
    {
        _redis = ConnectionMultiplexer.Connect(server.Endpoint);
        Prefix = $"test:{Guid.NewGuid():N}:";
        Cache = new RedisHubCache(_redis, Prefix, TimeSpan.FromMinutes(1));
    }

    private string Prefix { get; }

    protected override IHubCache Cache { get; }

    [Fact]
    public async Task SetAsync_Key_IsStoredUnderPrefixWithTtl()
    {
        await Cache.SetAsync("prefixed", "v", TimeSpan.FromMinutes(2), default);

        var db = _redis.GetDatabase();
        Assert.Equal("v", (string?)await db.StringGetAsync(Prefix + "prefixed"));
        var ttl = await db.KeyTimeToLiveAsync(Prefix + "prefixed");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task GetChainedAsync_ReadsBothKeysUnderPrefix()
    {
        var db = _redis.GetDatabase();
        await db.StringSetAsync(Prefix + "src:a", "R-1");
        await db.StringSetAsync(Prefix + "res:R-1", "links");
        await db.StringSetAsync("res:R-1", "unprefixed");

        Assert.Equal(("R-1", "links"), await Cache.GetChainedAsync("src:a", "res:", default));
        await db.KeyDeleteAsync("res:R-1");
    }

    public void Dispose() => _redis.Dispose();
}
