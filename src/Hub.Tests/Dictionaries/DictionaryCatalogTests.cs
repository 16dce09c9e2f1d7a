using Hub.Dictionaries;

namespace Hub.Tests.Dictionaries;

public sealed class DictionaryCatalogTests
{
    private static CanonicalDictionary Get(string id)
    {
        Assert.True(DictionaryCatalog.Default.TryGet(id, out var dictionary), $"missing dictionary {id}");
        return dictionary;
    }

    [Theory]
    [InlineData("sex", 4, "GB/T 2261.1-2003")]
    [InlineData("marital-status", 8, "GB/T 2261.2-2003")]
    [InlineData("ethnicity", 56, "GB/T 3304-1991")]
    [InlineData("family-relationship", 85, "GB/T 4761-2008")]
    [InlineData("education", 40, "GB/T 4658-2006")]
    public void Default_StandardDictionary_HasEveryCodeOfItsTable(string id, int count, string standard)
    {
        var dictionary = Get(id);
        Assert.Equal(count, dictionary.Codes.Count);
        Assert.Equal(standard, dictionary.Standard);
        Assert.False(string.IsNullOrEmpty(dictionary.Version));
    }

    [Fact]
    public void Default_Division_HoldsZhejiangDownToVillagesWithParents()
    {
        var division = Get("division");

        Assert.Equal(102 + 1387 + 25547, division.Codes.Count);
        Assert.True(division.TryGet("330802", out var kecheng));
        Assert.Equal("柯城区", kecheng.Label);
        Assert.Equal("330800", kecheng.ParentCode);
        Assert.True(division.TryGet("330802006", out var township));
        Assert.Equal("府山街道", township.Label);
        Assert.Equal("330802", township.ParentCode);
        Assert.Contains(division.Codes, c => c.Code.Length == 12 && c.ParentCode == "330802006");
    }

    [Fact]
    public void Default_LeadingZeros_AreKept()
    {
        Assert.True(Get("ethnicity").TryGet("01", out var han));
        Assert.Equal("汉族", han.Label);
    }

    [Fact]
    public void Default_GroupedCodes_PointToTheirGroup()
    {
        Assert.True(Get("marital-status").TryGet("21", out var firstMarriage));
        Assert.Equal("20", firstMarriage.ParentCode);
        Assert.True(Get("case-category").TryGet("0102", out var streetLight));
        Assert.Equal("01", streetLight.ParentCode);
    }

    [Fact]
    public void Default_HubTables_ArePresent()
    {
        Assert.True(Get("case-status").TryGet("IN_PROGRESS", out _));
        Assert.Equal(["case-category", "case-status", "division", "education", "ethnicity", "family-relationship", "marital-status", "sex"],
            DictionaryCatalog.Default.All.Select(d => d.Id));
    }
}
