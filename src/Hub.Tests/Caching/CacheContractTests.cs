using Hub.Caching;

namespace Hub.Tests.Caching;

/// <summary>
/// What every <see cref="IHubCache"/> must do. The in-process and the Redis cache both run
/// these same tests; each test uses keys of its own so they can share one Redis.
/// </summary>
public abstract class CacheContractTests
{
    private readonly string _key = "contract:" + Guid.NewGuid().ToString("N");

    protected abstract IHubCache Cache { get; }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        Assert.Null(await Cache.GetAsync(_key, default));
    }

    [Fact]
    public async Task SetAsync_ThenGet_ReturnsValue()
    {
        await Cache.SetAsync(_key, "R-000001", null, default);
        Assert.Equal("R-000001", await Cache.GetAsync(_key, default));
    }

    [Fact]
    public async Task SetAsync_Twice_LastValueWins()
    {
        await Cache.SetAsync(_key, "first", null, default);
        await Cache.SetAsync(_key, "second", TimeSpan.FromMinutes(5), default);
        Assert.Equal("second", await Cache.GetAsync(_key, default));
    }

    [Fact]
    public async Task SetAsync_UnicodeValue_RoundTrips()
    {
        const string value = "王芳·阿依古丽 浙江省衢州市柯城区";
        await Cache.SetAsync(_key, value, null, default);
        Assert.Equal(value, await Cache.GetAsync(_key, default));
    }

    [Fact]
    public async Task RemoveAsync_SomePresent_RemovesThemAndCountsOnlyPresentOnes()
    {
        await Cache.SetAsync(_key + ":a", "1", null, default);
        await Cache.SetAsync(_key + ":b", "2", null, default);
        await Cache.SetAsync(_key + ":c", "3", null, default);

        var removed = await Cache.RemoveAsync([_key + ":a", _key + ":b", _key + ":missing"], default);

        Assert.Equal(2, removed);
        Assert.Null(await Cache.GetAsync(_key + ":a", default));
        Assert.Null(await Cache.GetAsync(_key + ":b", default));
        Assert.Equal("3", await Cache.GetAsync(_key + ":c", default));
    }

    [Fact]
    public async Task SetIfAbsentAsync_KeyHeld_KeepsTheFirstValue()
    {
        Assert.True(await Cache.SetIfAbsentAsync(_key, "first", null, default));
        Assert.False(await Cache.SetIfAbsentAsync(_key, "second", null, default));
        Assert.Equal("first", await Cache.GetAsync(_key, default));
    }

    [Fact]
    public async Task SetIfAbsentAsync_AfterRemove_Stores()
    {
        await Cache.SetAsync(_key, "old", null, default);
        await Cache.RemoveAsync([_key], default);
        Assert.True(await Cache.SetIfAbsentAsync(_key, "new", null, default));
        Assert.Equal("new", await Cache.GetAsync(_key, default));
    }

    [Fact]
    public async Task RemoveAsync_NoKeys_RemovesNothing()
    {
        await Cache.SetAsync(_key, "kept", null, default);
        Assert.Equal(0, await Cache.RemoveAsync([], default));
        Assert.Equal("kept", await Cache.GetAsync(_key, default));
    }

    [Fact]
    public async Task GetChainedAsync_BothPresent_ReturnsBoth()
    {
        await Cache.SetAsync(_key + ":src", "R-000007", null, default);
        await Cache.SetAsync(_key + ":res:R-000007", "links", null, default);

        Assert.Equal(("R-000007", "links"), await Cache.GetChainedAsync(_key + ":src", _key + ":res:", default));
    }

    [Fact]
    public async Task GetChainedAsync_FirstMissing_ReturnsNeither()
    {
        await Cache.SetAsync(_key + ":res:", "not-read", null, default);

        Assert.Equal((null, null), await Cache.GetChainedAsync(_key + ":src", _key + ":res:", default));
    }

    [Fact]
    public async Task GetChainedAsync_SecondMissing_ReturnsFirstOnly()
    {
        await Cache.SetAsync(_key + ":src", "R-000008", null, default);

        Assert.Equal(("R-000008", null), await Cache.GetChainedAsync(_key + ":src", _key + ":res:", default));
    }

    [Fact]
    public async Task GetChainedAsync_FirstIsTombstone_DoesNotFollowIt()
    {
        await Cache.SetAsync(_key + ":src", "\u0000", null, default);
        await Cache.SetAsync(_key + ":res:\u0000", "not-read", null, default);

        Assert.Equal(("\u0000", null), await Cache.GetChainedAsync(_key + ":src", _key + ":res:", default));
    }

    [Fact]
    public async Task GetChainedAsync_SecondIsTombstone_ReturnsIt()
    {
        await Cache.SetAsync(_key + ":src", "R-000009", null, default);
        await Cache.SetAsync(_key + ":res:R-000009", "\u0000", null, default);

        Assert.Equal(("R-000009", "\u0000"), await Cache.GetChainedAsync(_key + ":src", _key + ":res:", default));
    }

    [Fact]
    public async Task GetChainedAsync_AfterRemove_SeesTheRemoval()
    {
        await Cache.SetAsync(_key + ":src", "R-000010", null, default);
        await Cache.SetAsync(_key + ":res:R-000010", "links", null, default);
        await Cache.RemoveAsync([_key + ":res:R-000010"], default);

        Assert.Equal(("R-000010", null), await Cache.GetChainedAsync(_key + ":src", _key + ":res:", default));
    }

    [Fact]
    public async Task GetChainedAsync_UnicodeValues_RoundTrip()
    {
        const string first = "王芳:柯城区";
        const string second = "阿依古丽 浙江省衢州市";
        await Cache.SetAsync(_key + ":src", first, null, default);
        await Cache.SetAsync(_key + ":res:" + first, second, null, default);

        Assert.Equal((first, second), await Cache.GetChainedAsync(_key + ":src", _key + ":res:", default));
    }

    [Fact]
    public async Task PingAsync_Reachable_Completes()
    {
        await Cache.PingAsync(default);
        Assert.False(string.IsNullOrEmpty(Cache.Mode));
    }
}
