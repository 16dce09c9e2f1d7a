using System.Text;
using Hub.Dictionaries;

namespace Hub.Tests.Dictionaries;

public sealed class MappingCsvTests
{
    private static readonly CanonicalDictionary Sex = DictionaryCatalog.Default.All.Single(d => d.Id == "sex");

    private static byte[] Utf8(string text, bool bom = false) =>
        bom ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parse_GoodFileWithOrWithoutBom_ReadsEveryRow(bool bom)
    {
        var file = MappingCsv.Parse(Utf8("local_code,canonical_code,local_label,note\r\nM,1,男,\r\nF,2,女,\"旧系统, 女性\"\r\n", bom), Sex);

        Assert.Empty(file.Problems);
        Assert.Equal(2, file.RowCount);
        Assert.Equal(["M", "F"], file.Rows.Select(r => r.LocalCode));
        Assert.Equal("旧系统, 女性", file.Rows[1].Note);
        Assert.Equal(3, file.Rows[1].Line);
    }

    [Fact]
    public void Parse_TwoColumnHeader_AcceptsRowsWithoutLabelAndNote()
    {
        var file = MappingCsv.Parse(Utf8("local_code,canonical_code\nM,1\n"), Sex);

        Assert.Empty(file.Problems);
        Assert.Equal("", Assert.Single(file.Rows).LocalLabel);
    }

    [Fact]
    public void Write_ThenParse_GivesTheSameMappings()
    {
        (string, string, string, string)[] mappings =
        [
            ("1", "1", "男", ""), ("2", "2", "女", "带\"引号\"的说明"), ("9", "9", "未说明", "多行\n说明, 含逗号"),
        ];

        var file = MappingCsv.Parse(MappingCsv.Write(mappings), Sex);

        Assert.Empty(file.Problems);
        Assert.Equal(mappings, file.Rows.Select(r => (r.LocalCode, r.CanonicalCode, r.LocalLabel, r.Note)));
    }

    [Fact]
    public void Parse_WrongHeader_ReportsLineOne()
    {
        var file = MappingCsv.Parse(Utf8("code,target\nM,1\n"), Sex);

        var problem = Assert.Single(file.Problems);
        Assert.Equal(1, problem.Line);
        Assert.Contains("header", problem.Reason);
    }

    [Fact]
    public void Parse_SeveralBadRows_ReportsEachWithLineAndColumn()
    {
        const string csv = "local_code,canonical_code,local_label,note\n" + // 1
                           "M,1,男,\n" +                                     // 2 good
                           "F,7,女,\n" +                                     // 3 unknown canonical
                           "M,2,重复,\n" +                                   // 4 duplicate local code
                           "X,1\n" +                                         // 5 wrong columns
                           ",1,空,\n";                                       // 6 empty local code

        var file = MappingCsv.Parse(Utf8(csv), Sex);

        Assert.Contains(file.Problems, p => p is { Line: 3, Column: "canonical_code" } && p.Reason.Contains("7"));
        Assert.Contains(file.Problems, p => p is { Line: 4, Column: "local_code" } && p.Reason.Contains("line 2"));
        Assert.Contains(file.Problems, p => p is { Line: 5, Column: "" } && p.Reason.Contains("columns"));
        Assert.Contains(file.Problems, p => p is { Line: 6, Column: "local_code" });
        Assert.Equal(5, file.RowCount);
    }

    [Fact]
    public void Parse_GbkBytes_RefusedNamingTheLine()
    {
        // "男" in GBK is C4 D0: not valid UTF-8.
        byte[] content = [.. Encoding.ASCII.GetBytes("local_code,canonical_code,local_label,note\nM,1,"), 0xC4, 0xD0, .. Encoding.ASCII.GetBytes(",\n")];

        var problem = Assert.Single(MappingCsv.Parse(content, Sex).Problems);

        Assert.Equal(2, problem.Line);
        Assert.Contains("not UTF-8", problem.Reason);
    }

    [Fact]
    public void Parse_UnclosedQuote_Refused()
    {
        var problem = Assert.Single(MappingCsv.Parse(Utf8("local_code,canonical_code\n\"M,1\n"), Sex).Problems);
        Assert.Contains("not closed", problem.Reason);
    }

    [Fact]
    public void Parse_EmptyFile_Refused()
    {
        Assert.Contains("empty", Assert.Single(MappingCsv.Parse([], Sex).Problems).Reason);
    }

    [Fact]
    public void Parse_BlankLines_AreSkipped()
    {
        var file = MappingCsv.Parse(Utf8("local_code,canonical_code\n\nM,1\n\n"), Sex);
        Assert.Empty(file.Problems);
        Assert.Single(file.Rows);
    }
}
