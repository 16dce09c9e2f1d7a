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

    /// <summary>
    /// Tries <paramref name="connect"/> until it succeeds; on <paramref name="notReady"/> errors retries every 50 ms
    /// while the server runs and <paramref name="limit"/> has not passed, else throws with the server's log.
    /// </summary>
    public static void WaitUntilAccepting(string name, Process server, System.Text.StringBuilder log, TimeSpan limit, Action connect,
        Func<Exception, bool> notReady)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                connect();
                return;
            }
            catch (Exception e) when (notReady(e))
            {
                if (server.HasExited || waited.Elapsed > limit)
                    lock (log)
                        throw new InvalidOperationException($"{name} did not accept connections: {e.Message}\n{log}");
                // Connection attempts are cheap and the servers give no readiness signal but their socket.
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>
    /// After the caller has asked <paramref name="server"/> to shut down: waits up to <paramref name="grace"/> for it
    /// to exit (then kills it) and deletes its <paramref name="folder"/>.
    /// </summary>
    public static void AwaitExitAndDelete(Process server, TimeSpan grace, string folder)
    {
        if (!server.WaitForExit(grace))
            server.Kill(entireProcessTree: true);
        server.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: leave the folder to the temporary-file cleaner.
        }
    }
}
