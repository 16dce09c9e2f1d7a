using Hub.Addresses;

namespace Hub.Tests.Addresses;

/// <summary>Division resolution: abbreviations, village committees, same-name places, conflicts.</summary>
public class AddressParserDivisionTests
{
    private static readonly AddressParser Parser = AddressParser.Shared;

    [Theory]
    [InlineData("浙江省衢州市柯城区府山街道新桥路12号")]
    [InlineData("衢州市柯城区府山街道新桥路12号")]
    [InlineData("柯城区府山街道新桥路12号")]
    [InlineData("衢州柯城府山新桥路12号")]
    [InlineData("浙江衢州柯城府山街道办事处新桥路12号")]
    public void Parse_OmittedOrShortenedNames_ResolvesTownship(string text)
    {
        var a = Parser.Parse(text);
        Assert.Equal("330802006000", a.DivisionCode);
        Assert.Equal(DivisionLevel.Township, a.Level);
        Assert.Equal(("浙江省", "衢州市", "柯城区", "府山街道"), (a.Province, a.City, a.County, a.Township));
    }

    [Fact]
    public void Parse_CountyOnly_PadsCountyCode()
    {
        var a = Parser.Parse("衢州柯城新桥路12号");
        Assert.Equal("330802000000", a.DivisionCode);
        Assert.Equal(DivisionLevel.County, a.Level);
    }

    [Theory]
    [InlineData("开化县华埠镇新安村58号")]
    [InlineData("开化县华埠镇新安村委会58号")]
    [InlineData("开化县华埠镇新安村村民委员会五十八号")]
    [InlineData("开化华埠新安58号")]
    public void Parse_VillageCommitteeSuffix_ResolvesVillage(string text)
    {
        var a = Parser.Parse(text);
        Assert.Equal("330824115233", a.DivisionCode);
        Assert.Equal(DivisionLevel.Village, a.Level);
        Assert.Equal("新安村", a.Community);
        Assert.Equal("58号", a.RoadNumber);
    }

    [Theory]
    [InlineData("衢州市柯城区荷花街道荷北苑社区居委会荷花中路68号")]
    [InlineData("衢州市柯城区荷花街道荷北苑社区荷花中路68号")]
    [InlineData("衢州市柯城区荷花街道荷北苑居委会荷花中路68号")]
    public void Parse_ResidentsCommitteeSuffix_ResolvesCommunity(string text)
    {
        var a = Parser.Parse(text);
        Assert.Equal("330802007013", a.DivisionCode);
        Assert.Equal("荷北苑社区", a.Community);
        Assert.Equal("荷花中路", a.Road);
    }

    [Theory]
    [InlineData("衢州市柯城区府山街道新桥路12号", "330802006000")]
    [InlineData("绍兴市越城区府山街道环山路8号", "330602002000")]
    [InlineData("越城区府山街道环山路8号", "330602002000")]
    [InlineData("绍兴市府山街道环山路8号", "330602002000")]
    public void Parse_SameNameTownshipWithContext_ResolvesTheNamedOne(string text, string code)
    {
        var a = Parser.Parse(text);
        Assert.Equal(code, a.DivisionCode);
        Assert.Equal(DivisionLevel.Township, a.Level);
    }

    [Fact]
    public void Parse_SameNameTownshipWithoutContext_StopsAtSharedLevel()
    {
        var a = Parser.Parse("府山街道新桥路12号");
        Assert.Equal("330000000000", a.DivisionCode);
        Assert.Equal(DivisionLevel.Province, a.Level);
        Assert.Equal("", a.County);
        Assert.Equal("", a.Township);
        Assert.True(a.Confidence < 0.5);
    }

    [Fact]
    public void Parse_SameNameTownshipWithinNamedCity_StopsAtCity()
    {
        // 金华 has a 城东街道 in 婺城区 and another in 东阳市.
        var a = Parser.Parse("金华市城东街道八一北街22号");
        Assert.Equal("330700000000", a.DivisionCode);
        Assert.Equal(DivisionLevel.City, a.Level);
    }

    [Fact]
    public void Parse_SameNameTownshipAndUniqueCommunity_ResolvesByCommunity()
    {
        var a = Parser.Parse("府山街道蛟池街社区县学街16号");
        Assert.Equal("330802006001", a.DivisionCode);
        Assert.Equal("柯城区", a.County);
    }

    [Fact]
    public void Parse_SameNameTownshipAndSameNameCommunity_StaysUnresolved()
    {
        // Both 府山街道 have a 府山社区.
        var a = Parser.Parse("府山街道府山社区坊门街8号");
        Assert.Equal(DivisionLevel.Province, a.Level);
        Assert.Equal("", a.County);
    }

    [Fact]
    public void Parse_TownshipUniqueInProvince_InfersCountyAndCity()
    {
        var a = Parser.Parse("廿八都镇枫溪村12号");
        Assert.Equal("330881112205", a.DivisionCode);
        Assert.Equal(("衢州市", "江山市"), (a.City, a.County));
    }

    [Fact]
    public void Parse_TownshipOfAnotherCounty_KeepsTheNamedCounty()
    {
        // 莲花镇 is in 衢江区 (and 建德市), never in 柯城区.
        var a = Parser.Parse("柯城区莲花镇新安村5号");
        Assert.Equal("330802000000", a.DivisionCode);
        Assert.Equal("柯城区", a.County);
        Assert.Equal("", a.Township);
        Assert.True(a.Confidence < 0.5);
    }

    [Fact]
    public void Parse_CountyNamedAfterUnrelatedTownship_FallsBackToSharedLevel()
    {
        // 石室乡 is in 柯城区; the text then names 衢江区: keep only what both agree on.
        var a = Parser.Parse("石室乡衢江区12号");
        Assert.Equal("330800000000", a.DivisionCode);
    }

    [Theory]
    [InlineData("衢州市衢江区樟潭街道衢江路88号", "衢江路")]
    [InlineData("衢州市常山县天马街道常山路3号", "常山路")]
    [InlineData("衢州柯城新桥路12号", "新桥路")]
    public void Parse_RoadNamedAfterPlace_IsRoadNotDivision(string text, string road)
    {
        var a = Parser.Parse(text);
        Assert.Equal(road, a.Road);
    }

    [Fact]
    public void Parse_RoadAlone_DeterminesNoDivision()
    {
        var a = Parser.Parse("新桥路12号3幢2单元301室");
        Assert.Equal("", a.DivisionCode);
        Assert.Equal(DivisionLevel.None, a.Level);
    }

    [Fact]
    public void Parse_DivisionsAfterDetails_ResolvesThem()
    {
        var a = Parser.Parse("新桥路12号3幢2单元301室（衢州市柯城区府山街道）");
        Assert.Equal("330802006000", a.DivisionCode);
        Assert.Equal("新桥路", a.Road);
        Assert.Equal("301室", a.Room);
    }

    [Fact]
    public void Parse_TownshipSharingCountyAbbreviationPrefix_ResolvesTownship()
    {
        // 龙游县大街乡: 大街 must not be read as a road after 龙游县.
        var a = Parser.Parse("龙游县大街乡贺康村9组125号");
        Assert.Equal("330825211", a.DivisionCode[..9]);
    }
}
