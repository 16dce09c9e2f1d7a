using Hub.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Caching;

public sealed class LocalHubCacheContractTests : CacheContractTests
{
    protected override IHubCache Cache { get; } = new LocalHubCache(TimeProvider.System, TimeSpan.FromMinutes(1), 1000);
}

public sealed class LocalHubCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task GetAsync_AfterTtl_ReturnsNull()
    {
        var cache = new LocalHubCache(_time, TimeSpan.FromMinutes(10), 100);
        await cache.SetAsync("k", "v", TimeSpan.FromSeconds(30), default);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("v", await cache.GetAsync("k", default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await cache.GetAsync("k", default));
    }

    [Fact]
    public async Task SetAsync_WithoutTtl_UsesDefault()
    {
        var cache = new LocalHubCache(_time, TimeSpan.FromMinutes(10), 100);
        await cache.SetAsync("k", "v", null, default);

        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("v", await cache.GetAsync("k", default));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await cache.GetAsync("k", default));
    }

    [Fact]
    public async Task SetAsync_OverLimit_EvictsSoonestToExpireFirst()
    {
        var cache = new LocalHubCache(_time, TimeSpan.FromMinutes(10), 10);
        for (var i = 0; i < 10; i++)
            await cache.SetAsync($"k{i}", "v", TimeSpan.FromMinutes(100 + i), default);

        await cache.SetAsync("newest", "v", TimeSpan.FromMinutes(500), default);

        Assert.True(cache.Count <= 9, $"expected eviction down to 90%, have {cache.Count}");
        Assert.Null(await cache.GetAsync("k0", default));
        Assert.Equal("v", await cache.GetAsync("newest", default));
        Assert.Equal("v", await cache.GetAsync("k9", default));
    }

    [Fact]
    public async Task RemoveAsync_ExpiredEntry_IsNotCounted()
    {
        var cache = new LocalHubCache(_time, TimeSpan.FromMinutes(10), 100);
        await cache.SetAsync("k", "v", TimeSpan.FromSeconds(1), default);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, await cache.RemoveAsync(["k"], default));
    }
}
