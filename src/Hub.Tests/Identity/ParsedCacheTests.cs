using Hub.Identity;

namespace Hub.Tests.Identity;

public sealed class ParsedCacheTests
{
    [Fact]
    public void Get_SameText_ParsedOnce()
    {
        var parses = 0;
        var cache = new ParsedCache<string>(10, t => { parses++; return t.ToUpperInvariant(); });

        var first = cache.Get("abc");
        var second = cache.Get(new string("abc".AsSpan()));

        Assert.Equal("ABC", first);
        Assert.Same(first, second);
        Assert.Equal(1, parses);
    }

    [Fact]
    public void Get_PastCapacity_StartsOverAndStaysBounded()
    {
        var parses = 0;
        var cache = new ParsedCache<string>(3, t => { parses++; return t + "!"; });

        for (var i = 0; i < 10; i++)
            Assert.Equal(i + "!", cache.Get(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.InRange(cache.Count, 1, 3);
        Assert.Equal(10, parses);
        Assert.Equal("9!", cache.Get("9"));
        Assert.Equal(10, parses);
    }
}
