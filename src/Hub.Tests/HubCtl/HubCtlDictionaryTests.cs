using System.Text.Json;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.HubCtl;

/// <summary>hubctl reading canonical dictionaries from a real hub. Needs DictionaryService (issue 4).</summary>
public sealed class HubCtlDictionaryTests
{
    private static readonly string[] CanonicalIds =
        ["sex", "marital-status", "ethnicity", "family-relationship", "education", "division", "case-category", "case-status"];

    [Fact]
    public async Task DictList_RunningHub_TablesEveryCanonicalDictionaryWithItsVersion()
    {
        await using var hub = await TestHub.StartAsync();
        var expected = await new DictionaryService.DictionaryServiceClient(hub.Channel)
            .ListDictionariesAsync(new ListDictionariesRequest { PageSize = 500 }, deadline: Deadlines.Default());

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = run.StandardOutput.Split('\n');
        foreach (var id in CanonicalIds)
        {
            var dictionary = Assert.Single(expected.Dictionaries, d => d.Id == id);
            Assert.Contains(rows, r => r.Contains($" {id} ") && r.Contains($" {dictionary.Version} "));
        }
    }

    [Fact]
    public async Task DictList_JsonOutput_HasIdsVersionsAndEntryCounts()
    {
        await using var hub = await TestHub.StartAsync();

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "list", "--output", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.StandardOutput);
        var listed = json.RootElement.EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
        foreach (var id in CanonicalIds)
        {
            Assert.True(listed.ContainsKey(id), $"{id} missing from {run.StandardOutput}");
            Assert.False(string.IsNullOrEmpty(listed[id].GetProperty("version").GetString()));
            Assert.True(listed[id].GetProperty("entryCount").GetInt32() > 0);
        }
        Assert.Equal(56, listed["ethnicity"].GetProperty("entryCount").GetInt32());
    }

    [Fact]
    public async Task DictShow_Sex_ListsTheFourCodes()
    {
        await using var hub = await TestHub.StartAsync();

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "show", "sex", "--output", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        var codes = run.StandardOutput.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]);
        Assert.Equal(["0", "1", "2", "9"], codes);
        Assert.Contains("男", run.StandardOutput);
    }

    [Fact]
    public async Task DictShow_Division_LimitsTo200AndSaysHowManyWereLeftOut()
    {
        await using var hub = await TestHub.StartAsync();

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "show", "division", "--output", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1 + 200, run.StandardOutput.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("more entries not shown", run.StandardError);
    }

    [Fact]
    public async Task DictShow_UnknownDictionary_ExitsFour()
    {
        await using var hub = await TestHub.StartAsync();

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "show", "no-such-dictionary");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.StartsWith("hubctl: not found", run.StandardError);
    }

    [Fact]
    public async Task DictExport_UnknownDictionary_ExitsFour()
    {
        await using var hub = await TestHub.StartAsync();

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "export", HubCtlData.Department, "no-such-dictionary");

        Assert.True(run.ExitCode == 4, run.ToString());
    }

    [Fact]
    public async Task DictUnmapped_FreshHub_ExitsZero()
    {
        await using var hub = await TestHub.StartAsync();

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "unmapped", "--all");

        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
