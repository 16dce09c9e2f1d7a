using System.Diagnostics;
using System.Net.Sockets;
using MySqlConnector;

namespace Hub.SampleData;

/// <summary>
/// A private MariaDB server on a free loopback port, for the tests of the SQL adapter's MySQL/MariaDB
/// driver: a data folder of its own made with <c>mariadb-install-db</c>, <c>mariadbd</c> started as the
/// <c>mysql</c> user when running as root (it refuses root), shut down and deleted on dispose. Needs the
/// server (Debian: <c>apt-get install -y mariadb-server</c>); the system service is not used.
/// </summary>
public sealed class PrivateMariaDb : IDisposable
{
    private const string Daemon = "/usr/sbin/mariadbd";
    private const string InstallDb = "/usr/bin/mariadb-install-db";
    private readonly string _folder;
    private readonly Process _server;

    private PrivateMariaDb(string folder, Process server, int port)
    {
        _folder = folder;
        _server = server;
        Port = port;
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> as root (no password, loopback only).</summary>
    public string ConnectionString(string database) =>
        $"Server=127.0.0.1;Port={Port};User ID=root;Database={database};Pooling=false;CharacterSet=utf8mb4";

    /// <summary>True when the MariaDB server binaries are installed.</summary>
    public static bool IsInstalled => File.Exists(Daemon) && File.Exists(InstallDb);

    /// <summary>Creates a data folder and starts the server; throws with the server's log when it does not come up.</summary>
    public static PrivateMariaDb Start()
    {
        if (!IsInstalled)
            throw new InvalidOperationException($"MariaDB is not installed (no {Daemon}): apt-get install -y mariadb-server");
        var folder = Path.Combine(Path.GetTempPath(), "hub-mariadb-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        var user = asRoot ? "mysql" : Environment.UserName;
        if (asRoot)
            ServerProcess.Run("chown", ["-R", "mysql:mysql", folder]);
        var init = ServerProcess.Run(InstallDb, ["--no-defaults", $"--user={user}", $"--datadir={data}", "--auth-root-authentication-method=normal",
            "--skip-test-db"]);
        if (init.ExitCode != 0)
            throw new InvalidOperationException($"mariadb-install-db failed: {init.Output}");

        var port = ServerProcess.FreePort();
        // Test settings: no binary log, no flush per commit (the data is thrown away), small buffers, loopback only.
        string[] serverArgs =
        [
            "--no-defaults", $"--user={user}", $"--datadir={data}", $"--port={port}", "--bind-address=127.0.0.1",
            $"--socket={Path.Combine(folder, "mariadb.sock")}", $"--pid-file={Path.Combine(folder, "mariadb.pid")}", "--skip-log-bin",
            "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=64M", "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_bin",
        ];
        var log = new System.Text.StringBuilder();
        var server = ServerProcess.StartLogged(Daemon, serverArgs, log);
        var db = new PrivateMariaDb(folder, server, port);
        try
        {
            ServerProcess.WaitUntilAccepting("mariadbd", server, log, TimeSpan.FromSeconds(60), () =>
            {
                using var connection = new MySqlConnection(db.ConnectionString(""));
                connection.Open();
            }, e => e is MySqlException or SocketException);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server (a normal shutdown on SIGTERM) and deletes its folder.</summary>
    public void Dispose()
    {
        if (!_server.HasExited)
            ServerProcess.Run("kill", ["-TERM", _server.Id.ToString()]);
        ServerProcess.AwaitExitAndDelete(_server, TimeSpan.FromSeconds(30), _folder);
    }
}
