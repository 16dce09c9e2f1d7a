using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.HubCtl;

/// <summary>hubctl changing department mappings on a real hub. Needs DictionaryService (issue 4).</summary>
public sealed class HubCtlMappingTests
{
    [Fact]
    public async Task DictMap_ThenMappings_ShowsTheMapping()
    {
        await using var hub = await TestHub.StartAsync();

        var map = await HubCtlProcess.RunAsync(hub.Address, "dict", "map", HubCtlData.Department, "sex", "M", "1", "--label", "男性", "--note", "旧系统");
        var list = await HubCtlProcess.RunAsync(hub.Address, "dict", "mappings", HubCtlData.Department, "--dictionary", "sex", "--output", "csv");

        Assert.True(map.ExitCode == 0, map.ToString());
        Assert.True(list.ExitCode == 0, list.ToString());
        var row = Assert.Single(list.StandardOutput.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1));
        Assert.StartsWith("sex,M,1,男性,旧系统,", row);
    }

    [Fact]
    public async Task DictMap_UnknownCanonicalCode_ExitsOneWithFieldViolation()
    {
        await using var hub = await TestHub.StartAsync();

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "map", HubCtlData.Department, "sex", "M", "7");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("mappings[0].canonical_code", run.StandardError);
    }

    [Fact]
    public async Task DictUnmap_MappedCode_RemovesItAndTwiceIsFine()
    {
        await using var hub = await TestHub.StartAsync();
        await HubCtlProcess.RunAsync(hub.Address, "dict", "map", HubCtlData.Department, "sex", "F", "2");

        var first = await HubCtlProcess.RunAsync(hub.Address, "dict", "unmap", HubCtlData.Department, "sex", "F");
        var second = await HubCtlProcess.RunAsync(hub.Address, "dict", "unmap", HubCtlData.Department, "sex", "F");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(await MappingsOf(hub, HubCtlData.Department));
    }

    [Fact]
    public async Task DictExportThenImport_IntoAnotherDepartment_GivesTheSameMappings()
    {
        await using var hub = await TestHub.StartAsync();
        using var folder = new TempFolder();
        await new DictionaryService.DictionaryServiceClient(hub.Channel).PutMappingsAsync(new PutMappingsRequest
        {
            Mappings =
            {
                Mapping("1", "1", "男", ""),
                Mapping("2", "2", "女", ""),
                Mapping("U", "9", "未说明, \"不详\"", "旧系统 9 表示未说明"),
            },
        }, deadline: Deadlines.Default());
        var file = Path.Combine(folder.Path, "sex.csv");

        var export = await HubCtlProcess.RunAsync(hub.Address, "dict", "export", HubCtlData.Department, "sex", "-o", file);
        var import = await HubCtlProcess.RunAsync(hub.Address, "dict", "import", HubCtlData.OtherDepartment, "sex", file);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(file).Take(3));
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("imported 3 rows", import.StandardOutput);
        Assert.Equal(await MappingsOf(hub, HubCtlData.Department), await MappingsOf(hub, HubCtlData.OtherDepartment));
    }

    [Fact]
    public async Task DictImport_DryRun_ChangesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        using var folder = new TempFolder();
        var file = HubCtlData.Write(folder.Path, "sex.csv", HubCtlData.Csv(bom: false, "M,1,男,", "F,2,女,"));

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "import", HubCtlData.Department, "sex", file, "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("apply: skipped (--dry-run)", run.StandardOutput);
        Assert.Empty(await MappingsOf(hub, HubCtlData.Department));
    }

    private static CodeMapping Mapping(string local, string canonical, string label, string note) => new()
    {
        Department = HubCtlData.Department, Dictionary = "sex", LocalCode = local, CanonicalCode = canonical, LocalLabel = label, Note = note,
    };

    // What the department mapped, without who and when.
    internal static async Task<List<string>> MappingsOf(TestHub hub, string department)
    {
        var response = await new DictionaryService.DictionaryServiceClient(hub.Channel).ListMappingsAsync(
            new ListMappingsRequest { Department = department, Dictionary = "sex", PageSize = 500 }, deadline: Deadlines.Default());
        return [.. response.Mappings.Select(m => $"{m.Dictionary}|{m.LocalCode}|{m.CanonicalCode}|{m.LocalLabel}|{m.Note}")];
    }
}
