using Hub.Tests.Helpers;

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
    public static string HubCtlDll => BuiltProgram.Locate("tools/hubctl", "hubctl.dll");

    /// <summary>Runs <c>hubctl {args} --hub {hub}</c> to its end.</summary>
    public static Task<HubCtlResult> RunAsync(Uri hub, params string[] args) => RunAsync([.. args, "--hub", hub.ToString()]);

    /// <summary>Runs <c>hubctl {args}</c> to its end, with stdout and stderr redirected (so no colours, no animation).</summary>
    public static async Task<HubCtlResult> RunAsync(params string[] args)
    {
        // Only the arguments decide which hub is called, never the machine running the tests.
        var run = await BuiltProgram.RunToExitAsync(HubCtlDll, args, RunTimeout,
            new Dictionary<string, string?>
            {
                ["HUB_URL"] = null, ["NO_COLOR"] = "1", ["HUB_API_KEY_FILE"] = null, ["HUB_PURPOSE"] = null,
                // Test hubs accept this admin key; tests of refusals pass --api-key, which wins.
                ["HUB_API_KEY"] = TestHub.AdminKey,
            });
        return new HubCtlResult(run.ExitCode, run.StandardOutput, run.StandardError);
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
