using Hub.Addresses;

namespace Hub.Tests.Addresses;

/// <summary>Road, number, building, unit, floor and room in their many spellings.</summary>
public class AddressParserDetailTests
{
    private static readonly AddressParser Parser = AddressParser.Shared;

    private static void AssertFlat(ParsedAddress a, string road, string number, string building, string unit, string room)
    {
        Assert.Equal(road, a.Road);
        Assert.Equal(number, a.RoadNumber);
        Assert.Equal(building, a.Building);
        Assert.Equal(unit, a.Unit);
        Assert.Equal(room, a.Room);
    }

    [Theory]
    [InlineData("浙江省衢州市柯城区府山街道新桥路12号3幢2单元301室")]
    [InlineData("衢州柯城新桥路12号3-2-301")]
    [InlineData("衢州市柯城区新桥路12-3-2-301")]
    [InlineData("衢州市柯城区新桥路十二号三幢二单元三零一室")]
    [InlineData("衢州市柯城区新桥路12号3号楼2单元301")]
    [InlineData("衢州市柯城区新桥路12号3栋2单元301房")]
    [InlineData("衢州市柯城区新桥路12号3座2单元301号")]
    [InlineData("衢州市柯城区新桥路12号3幢2单元3楼301室")]
    [InlineData("衢州市柯城区新桥路12号 3—2—301")]
    public void Parse_SpellingOfOneFlat_ReturnsSameComponents(string text)
    {
        var a = Parser.Parse(text);
        AssertFlat(a, "新桥路", "12号", "3幢", "2单元", "301室");
        Assert.Equal("3层", a.Floor);
        Assert.Equal("", a.Unparsed);
    }

    [Fact]
    public void Parse_SpellingsOfOneFlat_ShareNormalizedKey()
    {
        var keys = new[]
        {
            "浙江省衢州市柯城区府山街道新桥路12号3幢2单元301室",
            "衢州柯城新桥路12号3-2-301",
            "柯城区府山街道2网格新桥路十二号3幢2单元301",
            "衢州市　柯城区　新桥路１２号３幢２单元３０１室",
            "新桥路12号3幢2单元301室（衢州市柯城区）",
        }.Select(t => Parser.Parse(t).NormalizedKey).Distinct().ToArray();
        Assert.Single(keys);
        Assert.NotEqual(keys[0], Parser.Parse("衢州柯城新桥路12号3-2-302").NormalizedKey);
    }

    [Fact]
    public void Parse_ChineseNumerals_ReturnsDigits()
    {
        var a = Parser.Parse("衢州市柯城区三衢路一百零五号二十三幢");
        AssertFlat(a, "三衢路", "105号", "23幢", "", "");
    }

    [Fact]
    public void Parse_DashAfterNumberWithoutHao_ReadsNumberBuildingRoom()
    {
        var a = Parser.Parse("柯城区新桥路12-3-301");
        AssertFlat(a, "新桥路", "12号", "3幢", "", "301室");
    }

    [Fact]
    public void Parse_SubNumber_KeepsDashedRoadNumber()
    {
        var a = Parser.Parse("江山市双塔街道南门路12-1号");
        AssertFlat(a, "南门路", "12-1号", "", "", "");
    }

    [Fact]
    public void Parse_EstateWithoutRoad_ReadsBuildingUnitRoom()
    {
        var a = Parser.Parse("衢州市柯城区荷花街道锦绣花园3-2-1201");
        Assert.Equal("锦绣花园", a.Estate);
        AssertFlat(a, "", "", "3幢", "2单元", "1201室");
        Assert.Equal("12层", a.Floor);
    }

    [Theory]
    [InlineData("柯城区荷花街道荷花中路68号3#301", "3幢", "301室")]
    [InlineData("杭州市西湖区文三路478号华星时代广场A座1201室", "A幢", "1201室")]
    public void Parse_BuildingMarkedByHashOrLetter_ReadsBuilding(string text, string building, string room)
    {
        var a = Parser.Parse(text);
        Assert.Equal(building, a.Building);
        Assert.Equal(room, a.Room);
    }

    [Fact]
    public void Parse_GridPrefix_KeepsGridApart()
    {
        var a = Parser.Parse("新安社区2网格 新桥路十二号3幢2单元301");
        Assert.Equal("新安社区", a.Community);
        Assert.Equal("2网格", a.GridName);
        AssertFlat(a, "新桥路", "12号", "3幢", "2单元", "301室");
    }

    [Fact]
    public void Parse_OrdinalGrid_ReadsGrid()
    {
        var a = Parser.Parse("衢州市柯城区花园街道第三网格花园东大道88号");
        Assert.Equal("3网格", a.GridName);
        Assert.Equal("花园东大道", a.Road);
        Assert.Equal("", a.Unparsed);
    }

    [Fact]
    public void Parse_FullWidthAndSpaces_ReadsAsHalfWidth()
    {
        var a = Parser.Parse("衢州市　柯城区　府山街道　新桥路１２号（３幢２单元３０１室）");
        Assert.Equal("330802006000", a.DivisionCode);
        AssertFlat(a, "新桥路", "12号", "3幢", "2单元", "301室");
    }

    [Fact]
    public void Parse_VillagersGroup_ReadsGroupAndNumber()
    {
        var a = Parser.Parse("龙游县横山镇横山村二十组三十八号");
        Assert.Equal("20组", a.Group);
        Assert.Equal("38号", a.RoadNumber);
        Assert.Equal("", a.Road);
    }

    [Fact]
    public void Parse_LeadingLabel_GoesToUnparsed()
    {
        var a = Parser.Parse("户籍地址：浙江省衢州市柯城区府山街道新桥路12号");
        Assert.Equal("330802006000", a.DivisionCode);
        Assert.Equal("户籍地址", a.Unparsed);
        Assert.True(a.Confidence < Parser.Parse("浙江省衢州市柯城区府山街道新桥路12号").Confidence);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("！！！")]
    [InlineData("-")]
    [InlineData("12345678901234567890")]
    public void Parse_NoAddress_ReturnsEmptyDivision(string text)
    {
        var a = Parser.Parse(text);
        Assert.Equal("", a.DivisionCode);
        Assert.Equal(DivisionLevel.None, a.Level);
        Assert.InRange(a.Confidence, 0, 0.2);
    }
}
