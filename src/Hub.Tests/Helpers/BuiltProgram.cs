using System.Diagnostics;
using System.Text;

namespace Hub.Tests.Helpers;

/// <summary>What a program run left behind: its exit code and everything it wrote.</summary>
public sealed record ProgramRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// A program of this repository (the hub, hubctl) run as a real operating-system process from its
/// build output, built in the same configuration as the tests.
/// </summary>
public static class BuiltProgram
{
    /// <summary>
    /// The path of <paramref name="dllName"/> built from the project folder <paramref name="projectFolder"/>
    /// (relative to the repository root, e.g. <c>src/Hub</c>).
    /// </summary>
    public static string Locate(string projectFolder, string dllName)
    {
        // Tests run from src/Hub.Tests/bin/{Configuration}/{framework}/; every project builds to {folder}/bin/{Configuration}/{framework}/.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var repository = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, projectFolder, "bin", configuration, framework, dllName);
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {projectFolder} first", dll);
    }

    /// <summary>How to start <c>dotnet {dll} {args}</c> with redirected UTF-8 output; a null environment value removes the variable.</summary>
    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>Runs the program until it exits by itself; kills it and throws after <paramref name="timeout"/>.</summary>
    public static async Task<ProgramRun> RunToExitAsync(string dll, IReadOnlyList<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var process = new Process { StartInfo = StartInfo(dll, args, environment) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', args)} did not exit within {timeout}");
        }
        return new ProgramRun(process.ExitCode, await stdout, await stderr);
    }
}
