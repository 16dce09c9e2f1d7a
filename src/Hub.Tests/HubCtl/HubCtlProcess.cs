using System.Diagnostics;
using System.Text;

namespace Hub.Tests.HubCtl;

/// <summary>What a hubctl run left behind: its exit code and everything it wrote.</summary>
public sealed record HubCtlResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>For assertion messages: the whole run at a glance.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>hubctl as a real operating-system process, run from its build output next to the tests.</summary>
public static class HubCtlProcess
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Path of hubctl.dll built in the same configuration as the tests.</summary>
    public static string HubCtlDll
    {
        get
        {
            // Tests run from src/Hub.Tests/bin/{Configuration}/net10.0/; hubctl builds to tools/hubctl/bin/{Configuration}/net10.0/.
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var repository = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(repository, "tools", "hubctl", "bin", configuration, framework, "hubctl.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build tools/hubctl first", dll);
        }
    }

    /// <summary>Runs <c>hubctl {args} --hub {hub}</c> to its end.</summary>
    public static Task<HubCtlResult> RunAsync(Uri hub, params string[] args) => RunAsync([.. args, "--hub", hub.ToString()]);

    /// <summary>Runs <c>hubctl {args}</c> to its end, with stdout and stderr redirected (so no colours, no animation).</summary>
    public static async Task<HubCtlResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(HubCtlDll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // Only the arguments decide which hub is called, never the machine running the tests.
        start.Environment.Remove("HUB_URL");
        start.Environment["NO_COLOR"] = "1";

        using var process = new Process { StartInfo = start };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hubctl {string.Join(' ', args)} did not exit within {RunTimeout}");
        }
        return new HubCtlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// The first cells of the table rows in <paramref name="text"/> (box-drawing or ASCII borders),
    /// e.g. the line numbers of the import-error table.
    /// </summary>
    public static IReadOnlyList<string> FirstCells(string text) =>
        [.. text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith('│') || l.StartsWith('|'))
            .Select(l => l.Trim('│', '|').Split('│', '|')[0].Trim())];
}
