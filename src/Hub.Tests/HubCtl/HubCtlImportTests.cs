using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.HubCtl;

/// <summary>
/// hubctl importing bad CSV files into a real hub: exit code 1, every bad line listed with its
/// number, and the department's existing mappings untouched. Needs DictionaryService (issue 4).
/// </summary>
public sealed class HubCtlImportTests
{
    // 男 in GBK, as a spreadsheet saving "ANSI" on a Chinese Windows writes it: not UTF-8.
    private static readonly byte[] GbkMale = [0xC4, 0xD0];

    [Fact]
    public async Task DictImport_UnknownCanonicalCode_ExitsOneNamingTheLine()
    {
        var (run, lines, unchanged) = await ImportAsync(HubCtlData.Csv(bom: true, "M,1,男,", "X,7,其他,", "F,2,女,"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(["3"], lines);
        Assert.True(unchanged, run.ToString());
    }

    [Fact]
    public async Task DictImport_SameLocalCodeTwice_ExitsOneNamingTheDuplicateLine()
    {
        var (run, lines, unchanged) = await ImportAsync(HubCtlData.Csv(bom: false, "M,1,男,", "F,2,女,", "M,2,男,"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("4", lines);
        Assert.True(unchanged, run.ToString());
    }

    [Fact]
    public async Task DictImport_WrongNumberOfColumns_ExitsOneNamingTheLine()
    {
        var (run, lines, unchanged) = await ImportAsync(HubCtlData.Csv(bom: true, "M,1,男,", "F,2", "U,9,未说明,,extra"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(["3", "4"], lines);
        Assert.True(unchanged, run.ToString());
    }

    [Fact]
    public async Task DictImport_WrongHeader_ExitsOneNamingLineOne()
    {
        var csv = "\uFEFFcode,canonical,label\r\nM,1,男\r\n"u8.ToArray();

        var (run, lines, unchanged) = await ImportAsync(csv);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("1", lines);
        Assert.True(unchanged, run.ToString());
    }

    [Fact]
    public async Task DictImport_GbkEncodedFile_ExitsOneNamingTheLine()
    {
        byte[] csv = [.. "local_code,canonical_code,local_label,note\r\nM,1,"u8, .. GbkMale, .. ",\r\n"u8];

        var (run, lines, unchanged) = await ImportAsync(csv);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("2", lines);
        Assert.True(unchanged, run.ToString());
    }

    [Fact]
    public async Task DictImport_SeveralBadRows_ListsEveryOneAtOnce()
    {
        var (run, lines, unchanged) = await ImportAsync(HubCtlData.Csv(bom: true, "X,7,,", "M,1,男,", "M,1,男,", "F,2"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("2", lines);
        Assert.Contains("4", lines);
        Assert.Contains("5", lines);
        Assert.Contains("nothing was changed", run.StandardError);
        Assert.True(unchanged, run.ToString());
    }

    // Imports csv with --replace-all over an existing mapping; returns the run, the line numbers of
    // its error table, and whether the existing mapping survived (all or nothing).
    private static async Task<(HubCtlResult Run, IReadOnlyList<string> Lines, bool Unchanged)> ImportAsync(byte[] csv)
    {
        await using var hub = await TestHub.StartAsync();
        using var folder = new TempFolder();
        await new DictionaryService.DictionaryServiceClient(hub.Channel).PutMappingsAsync(new PutMappingsRequest
        {
            Mappings = { new CodeMapping { Department = HubCtlData.Department, Dictionary = "sex", LocalCode = "Z", CanonicalCode = "0", LocalLabel = "未知" } },
        }, deadline: Deadlines.Default());
        var before = await HubCtlMappingTests.MappingsOf(hub, HubCtlData.Department);
        var file = HubCtlData.Write(folder.Path, "mappings.csv", csv);

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "import", HubCtlData.Department, "sex", file, "--replace-all");

        var after = await HubCtlMappingTests.MappingsOf(hub, HubCtlData.Department);
        var lines = HubCtlProcess.FirstCells(run.StandardError).Where(c => c != "line").Distinct().ToList();
        return (run, lines, before.SequenceEqual(after));
    }
}
