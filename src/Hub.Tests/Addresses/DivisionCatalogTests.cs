using Hub.Addresses;

namespace Hub.Tests.Addresses;

public class DivisionCatalogTests
{
    private static readonly DivisionCatalog Catalog = DivisionCatalog.Shared;

    [Fact]
    public void Shared_Loaded_HoldsEveryLevelOfZhejiang()
    {
        Assert.Equal("330000", Catalog.Province.Code);
        Assert.Equal(11, Catalog.ChildrenOf(Catalog.Province).Count);
        Assert.Equal(6, Catalog.ChildrenOf("330800").Count);
        Assert.Contains(Catalog.All, d => d.Level == DivisionLevel.Village);
        Assert.Same(Catalog, DivisionCatalog.Shared);
    }

    [Theory]
    [InlineData("330802", "柯城区", DivisionLevel.County)]
    [InlineData("330802000000", "柯城区", DivisionLevel.County)]
    [InlineData("330802006", "府山街道", DivisionLevel.Township)]
    [InlineData("330802006000", "府山街道", DivisionLevel.Township)]
    [InlineData("330802006001", "蛟池街社区", DivisionLevel.Village)]
    [InlineData("3308", "衢州市", DivisionLevel.City)]
    public void FindByCode_KnownCode_ReturnsDivision(string code, string name, DivisionLevel level)
    {
        var division = Catalog.FindByCode(code);
        Assert.NotNull(division);
        Assert.Equal(name, division.CanonicalName);
        Assert.Equal(level, division.Level);
    }

    [Theory]
    [InlineData("")]
    [InlineData("999999")]
    [InlineData("33080x")]
    [InlineData("3308020060010")]
    public void FindByCode_UnknownCode_ReturnsNull(string code) => Assert.Null(Catalog.FindByCode(code));

    [Theory]
    [InlineData("柯城区", DivisionLevel.County, "330802")]
    [InlineData("柯城", DivisionLevel.County, "330802")]
    [InlineData("衢州", DivisionLevel.City, "330800")]
    [InlineData("衢州市", DivisionLevel.City, "330800")]
    [InlineData("江山", DivisionLevel.County, "330881")]
    [InlineData("江山市", DivisionLevel.County, "330881")]
    [InlineData("景宁", DivisionLevel.County, "331127")]
    [InlineData("府山", DivisionLevel.Village, "330602002002", "330802006003")]
    public void FindByName_AliasAtLevel_ReturnsDivisions(string name, DivisionLevel level, params string[] codes) =>
        Assert.Equal(codes, Catalog.FindByName(name, level).Select(d => d.Code).Order());

    [Fact]
    public void FindByName_ShortFormSharedAcrossLevels_ReturnsAll()
    {
        var found = Catalog.FindByName("江山");
        Assert.Contains(found, d => d.Code == "330881");
        Assert.Contains(found, d => d.Level == DivisionLevel.Village);
    }

    [Fact]
    public void FindByName_TownshipInTwoCounties_ReturnsBoth()
    {
        var found = Catalog.FindByName("府山街道").Select(d => d.Code).Order().ToArray();
        Assert.Equal(["330602002", "330802006"], found);
        Assert.Equal(found, Catalog.FindByName("府山", DivisionLevel.Township).Select(d => d.Code).Order().ToArray());
    }

    [Theory]
    [InlineData("新桥村村民委员会", "新桥村")]
    [InlineData("新安村委会", "新安村")]
    [InlineData("新安村村委会", "新安村")]
    [InlineData("荷北苑社区居委会", "荷北苑社区")]
    [InlineData("蛟池街社区", "蛟池街社区")]
    public void FindByName_VillageCommitteeName_HasCanonicalVillageName(string name, string canonical)
    {
        var found = Catalog.FindByName(name);
        Assert.NotEmpty(found);
        Assert.Contains(found, d => d.Level == DivisionLevel.Village && d.CanonicalName == canonical);
        Assert.Contains(found, d => Catalog.FindByName(canonical).Contains(d));
    }

    [Fact]
    public void ChildrenOf_Township_ReturnsItsVillages()
    {
        var children = Catalog.ChildrenOf("330802006");
        Assert.Contains(children, d => d.Code == "330802006001");
        Assert.All(children, d => Assert.Equal("330802006", d.Parent!.Code));
    }
}
