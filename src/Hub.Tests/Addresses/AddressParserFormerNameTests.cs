using Hub.Addresses;

namespace Hub.Tests.Addresses;

/// <summary>
/// Fixes found with the hand-written labelled set: former county names (衢县), the functional zone
/// 衢州智造新城, and misspelt unit markers (5撞, 3单无).
/// </summary>
public class AddressParserFormerNameTests
{
    private static readonly AddressParser Parser = AddressParser.Shared;

    [Theory]
    [InlineData("浙江省衢县航埠镇墩头村", "330802101209")] // 航埠 went to 柯城区 in 2001
    [InlineData("衢县杜泽镇杜泽三村", "330803115202")]     // 杜泽 went to 衢江区
    [InlineData("衢州市衢县上方镇龙祥村22号", null)]
    public void Parse_FormerCountyQuxian_ResolvesTownshipWithinCity(string text, string? village)
    {
        var a = Parser.Parse(text);
        Assert.Equal("衢州市", a.City);
        Assert.True(a.Level >= DivisionLevel.Township, a.DivisionCode);
        if (village is not null)
            Assert.Equal(village, a.DivisionCode);
        Assert.Equal(string.Empty, a.Unparsed);
    }

    [Fact]
    public void Parse_FormerCountyQuxianAlone_StopsAtCityAndKeepsRoadClean()
    {
        // 衢县 was split between 衢江区 and 柯城区: without a township the county is not guessed.
        var a = Parser.Parse("衢县新华路18号");
        Assert.Equal("330800000000", a.DivisionCode);
        Assert.Equal(DivisionLevel.City, a.Level);
        Assert.Equal(string.Empty, a.County);
        Assert.Equal(("新华路", "18号"), (a.Road, a.RoadNumber));
    }

    [Theory]
    [InlineData("绍兴县柯桥街道笛扬路1号", "330603")]
    [InlineData("奉化市溪口镇武岭路33号", "330213")]
    public void Parse_FormerCountyRenamedWhole_ResolvesSuccessor(string text, string county6)
    {
        var a = Parser.Parse(text);
        Assert.StartsWith(county6, a.DivisionCode, StringComparison.Ordinal);
        Assert.True(a.Level >= DivisionLevel.Township, a.DivisionCode);
    }

    [Theory]
    [InlineData("衢州智造新城衢化街道孔家村12号", "330802012202")]
    [InlineData("浙江省衢州市智造新城 衢化街道 花径二村社区 27幢 3单元 202", "330802012007")]
    [InlineData("衢州智造新城东港四路18号", "330802000000")]
    public void Parse_SmartManufacturingZone_ResolvesUnderKecheng(string text, string code)
    {
        var a = Parser.Parse(text);
        Assert.Equal(code, a.DivisionCode);
        Assert.Equal("柯城区", a.County);
        Assert.DoesNotContain("智造新城", a.Road, StringComparison.Ordinal);
        Assert.DoesNotContain("智造新城", a.Unparsed, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SmartManufacturingZoneThenTownshipOfAnotherCounty_FlagsConflict()
    {
        // The zone stands for 柯城区; a 衢江区 township after it contradicts that. As with 柯城区莲花镇,
        // the township is not taken and the confidence drops; the county stays what the zone stands for.
        var a = Parser.Parse("衢州智造新城廿里镇富里村");
        Assert.Equal(string.Empty, a.Township);
        Assert.True(a.Confidence < Parser.Parse("衢州智造新城衢化街道孔家村").Confidence, a.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_ZoneNameWithoutCity_IsNotAName()
    {
        var a = Parser.Parse("智造新城东港四路18号");
        Assert.Equal(string.Empty, a.County);
    }

    [Theory]
    [InlineData("衢州市柯城区荷花街道荷花西路9号5撞2单元302", "5幢", "2单元", "302室")]
    [InlineData("衢江区浮石街道振兴西路18号3栋3单无502", "3幢", "3单元", "502室")]
    [InlineData("衢江区浮石街道振兴西路18号3憧2单原502室", "3幢", "2单元", "502室")]
    [InlineData("衢江区浮石街道振兴西路18号五撞二单无五零二室", "5幢", "2单元", "502室")]
    [InlineData("衢江区浮石街道振兴西路18号3幢2単元502室", "3幢", "2单元", "502室")]
    public void Parse_MisspeltMarkers_ReadAsMeant(string text, string building, string unit, string room)
    {
        var a = Parser.Parse(text);
        Assert.Equal((building, unit, room), (a.Building, a.Unit, a.Room));
        Assert.Equal(string.Empty, a.Unparsed);
    }
}
