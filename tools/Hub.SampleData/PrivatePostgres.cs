using System.Diagnostics;
using System.Net.Sockets;

namespace Hub.SampleData;

/// <summary>
/// A private PostgreSQL cluster on a free loopback port, for the sample run, the tests and the
/// benchmark: created with <c>initdb</c> in a folder of its own (as the <c>postgres</c> user when
/// running as root, which initdb requires), started with <c>postgres</c>, stopped (fast shutdown)
/// and deleted on dispose. Needs the PostgreSQL server binaries (Debian: <c>apt-get install -y postgresql</c>).
/// </summary>
public sealed class PrivatePostgres : IDisposable
{
    private readonly string _folder;
    private readonly Process _server;

    private PrivatePostgres(string folder, Process server, int port)
    {
        _folder = folder;
        _server = server;
        Port = port;
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> as the superuser (trust authentication on loopback).</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    /// <summary>The folder of the PostgreSQL server binaries, or null when none is installed.</summary>
    public static string? BinaryFolder()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        return versions.Count > 0 ? Path.Combine(versions[0], "bin") : null;
    }

    /// <summary>Creates and starts a cluster; throws with the server's output when it does not come up.</summary>
    public static PrivatePostgres Start()
    {
        var bin = BinaryFolder() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql");
        var folder = Path.Combine(Path.GetTempPath(), "hub-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            ServerProcess.Run("chown", ["-R", "postgres:postgres", folder]);
        var init = ServerProcess.Run(asRoot ? "runuser" : Path.Combine(bin, "initdb"),
            asRoot ? ["-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"]
                   : ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"]);
        if (init.ExitCode != 0)
            throw new InvalidOperationException($"initdb failed: {init.Output}");
        var port = ServerProcess.FreePort();
        string[] serverArgs = ["-D", data, "-p", port.ToString(), "-k", folder, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "shared_buffers=64MB", "-c", "max_connections=50"];
        var log = new System.Text.StringBuilder();
        var server = asRoot
            ? ServerProcess.StartLogged("runuser", ["-u", "postgres", "--", Path.Combine(bin, "postgres"), .. serverArgs], log)
            : ServerProcess.StartLogged(Path.Combine(bin, "postgres"), serverArgs, log);
        var pg = new PrivatePostgres(folder, server, port);
        try
        {
            ServerProcess.WaitUntilAccepting("postgres", server, log, TimeSpan.FromSeconds(30), () =>
            {
                using var connection = new Npgsql.NpgsqlConnection(pg.ConnectionString("postgres"));
                connection.Open();
            }, e => e is Npgsql.NpgsqlException or SocketException);
            return pg;
        }
        catch
        {
            pg.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown) and deletes its folder.</summary>
    public void Dispose()
    {
        // The postmaster's own pid: with runuser in between, signalling the child process is not enough.
        var pidFile = Path.Combine(_folder, "data", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid))
            ServerProcess.Run("kill", ["-INT", pid.ToString()]);
        ServerProcess.AwaitExitAndDelete(_server, TimeSpan.FromSeconds(20), _folder);
    }
}
