using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hub.SampleData;

/// <summary>What the private database servers (<see cref="PrivatePostgres"/>, <see cref="PrivateMariaDb"/>) share.</summary>
internal static class ServerProcess
{
    /// <summary>Runs a command to its end; returns its exit code and its output and error text.</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a server whose output is collected into <paramref name="log"/> (for the error when it does not come up).</summary>
    public static Process StartLogged(string file, IEnumerable<string> args, System.Text.StringBuilder log)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        var server = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        server.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        server.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        return server;
    }
}
