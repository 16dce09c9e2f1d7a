using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hub.Tests.Helpers;

/// <summary>
/// A real redis-server for the tests. CI starts one and names it in <c>HUB_TEST_REDIS</c>
/// (host:port); otherwise this fixture starts a private one from <c>redis-server</c> on the PATH
/// and stops it at the end. There is no fallback: without Redis the Redis tests fail.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process? _process;
    private readonly TempFolder? _folder;

    public RedisServer() : this(privateServer: false)
    {
    }

    /// <summary>A server of this test's own, which it may pause and resume.</summary>
    public static RedisServer StartPrivate() => new(privateServer: true);

    private RedisServer(bool privateServer)
    {
        var given = Environment.GetEnvironmentVariable("HUB_TEST_REDIS");
        if (!privateServer && !string.IsNullOrWhiteSpace(given))
        {
            Endpoint = given;
            return;
        }

        _folder = new TempFolder();
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "redis-server is not installed: `apt-get install -y redis-server`, or set HUB_TEST_REDIS=host:port.", ex);
        }
        Endpoint = $"127.0.0.1:{port}";
        WaitUntilListening(port);
    }

    /// <summary>host:port of the server.</summary>
    public string Endpoint { get; }

    /// <summary>Freezes the server process (SIGSTOP): connections stay open, nothing answers, data is kept.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused server run again (SIGCONT), with everything it held.</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        if (_process is null)
            throw new InvalidOperationException("only a private redis-server can be paused");
        using var kill = Process.Start("kill", [signal, _process.Id.ToString()])!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _folder?.Dispose();
    }

    private void WaitUntilListening(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"redis-server exited: {_process.StandardError.ReadToEnd()}{_process.StandardOutput.ReadToEnd()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Yield();
            }
        }
        throw new TimeoutException($"redis-server did not listen on {port} within 10 s");
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
