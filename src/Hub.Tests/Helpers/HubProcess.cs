using System.Diagnostics;
using System.Text;

namespace Hub.Tests.Helpers;

/// <summary>The hub as a real operating-system process, run from its build output next to the tests.</summary>
public static class HubProcess
{
    /// <summary>Path of Hub.dll built in the same configuration as the tests.</summary>
    public static string HubDll
    {
        get
        {
            // Tests run from src/Hub.Tests/bin/{Configuration}/net10.0/; the hub builds to src/Hub/bin/{Configuration}/net10.0/.
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var src = testBin.Parent.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(src, "Hub", "bin", configuration, framework, "Hub.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the hub first", dll);
        }
    }

    /// <summary>Starts the hub with <paramref name="args"/>, capturing its output line by line.</summary>
    public static Process Start(IEnumerable<string> args, Action<string>? onStdout = null, Action<string>? onStderr = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(HubDll);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onStdout?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onStderr?.Invoke(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs the hub until it exits by itself (for start-up failures).</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunToExitAsync(
        IEnumerable<string> args, TimeSpan timeout)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = Start(args, l => { lock (stdout) stdout.AppendLine(l); }, l => { lock (stderr) stderr.AppendLine(l); });
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the hub did not exit within {timeout}; stdout: {stdout}");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        lock (stdout) lock (stderr) return (process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
