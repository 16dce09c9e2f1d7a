using System.Globalization;
using System.Runtime.CompilerServices;
using Hub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hub.Storage;

/// <summary>
/// The embedded default store: one SQLite file in write-ahead-log mode. Connections come from
/// Microsoft.Data.Sqlite's pool; each one is set up with the hub's pragmas when opened.
/// </summary>
public sealed class SqliteHubStore : IHubStore, IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly string _unpooledConnectionString;
    private readonly string _synchronous;
    private readonly TimeProvider _time;
    private readonly int _cacheKib;
    private readonly int _busyTimeoutMs;
    private readonly long _mmapBytes;

    // The native connections this store has set up. Microsoft.Data.Sqlite's pool hands the same native connection
    // back again and again, and the pragmas below are per native connection: running them on every open parsed and
    // ran seven statements (and made the folder) before every read of the store.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _setUp = new();
    private volatile bool _folderMade;

    // The bulk writers' connection (see BeginBulkWriteAsync); used only by the holder of the write gate.
    private SqliteConnection? _bulkWriter;

    /// <summary>Creates a store over <paramref name="path"/>; the file and its folder are made on first use.</summary>
    public SqliteHubStore(string path, string synchronous, int busyTimeoutSeconds, TimeProvider time, int cacheMiB = 64, int mmapMiB = 2047)
    {
        _mmapBytes = mmapMiB * 1024L * 1024;
        _cacheKib = cacheMiB * 1024;
        _busyTimeoutMs = busyTimeoutSeconds * 1000;
        Location = Path.GetFullPath(path);
        Writes = WriteGate.For(Location);
        _synchronous = synchronous.ToUpperInvariant() == "NORMAL" ? "NORMAL" : "FULL";
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Location,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = busyTimeoutSeconds,
        }.ToString();
        _unpooledConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
    }

    /// <inheritdoc />
    public string Provider => "sqlite";

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>
    /// The in-process queue for the file's write lock: every write transaction of the hub enters it before
    /// BEGIN and leaves after COMMIT or ROLLBACK (see <see cref="WriteGate"/>); <see cref="BeginWriteAsync"/> does both.
    /// </summary>
    public WriteGate Writes { get; }

    /// <summary>
    /// Enters <see cref="Writes"/>, then begins a transaction on <paramref name="connection"/>: how every write
    /// transaction of the hub starts. Disposing the result rolls back what was not committed and leaves the gate.
    /// </summary>
    public async Task<WriteTransaction> BeginWriteAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var gate = await Writes.EnterAsync(cancellationToken);
        try
        {
            return new WriteTransaction((SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken), gate);
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Like <see cref="BeginWriteAsync"/>, on the store's bulk-writer connection: one native connection, kept open, that the
    /// ingest batches and the identity change sets (the writers of a sync, one after the other on the gate) all write
    /// through. SQLite throws a connection's whole page cache away whenever another connection has committed to the
    /// file, so when those two wrote through pooled connections, each transaction began with a cold cache and fetched
    /// every index page it touched again (from the log or the memory map) while holding the write lock. Use the
    /// connection returned only until the transaction is disposed.
    /// </summary>
    public async Task<(SqliteConnection Connection, WriteTransaction Transaction)> BeginBulkWriteAsync(CancellationToken cancellationToken)
    {
        var gate = await Writes.EnterAsync(cancellationToken);
        try
        {
            _bulkWriter ??= await OpenOwnAsync(_cacheKib, cancellationToken);
            try
            {
                return (_bulkWriter, new WriteTransaction((SqliteTransaction)await _bulkWriter.BeginTransactionAsync(cancellationToken), gate));
            }
            catch (SqliteException)
            {
                // A connection that cannot begin a transaction is not trusted again: the next writer opens a new one.
                await _bulkWriter.DisposeAsync();
                _bulkWriter = null;
                throw;
            }
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    /// <summary>Closes the bulk writers' connection (pooled connections belong to Microsoft.Data.Sqlite's pool).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _bulkWriter, null) is { } writer)
            await writer.DisposeAsync();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => Interlocked.Exchange(ref _bulkWriter, null)?.Dispose();

    /// <inheritdoc />
    public int LatestSchemaVersion => SqliteMigrations.All[^1].Version;

    /// <summary>Opens a pooled connection with WAL, the configured durability and foreign keys on.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_folderMade)
            Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        _folderMade = true;
        if (_setUp.TryGetValue(connection.Handle!, out _))
            return connection;
        await SetUpAsync(connection, _cacheKib, _mmapBytes, cancellationToken);
        _setUp.AddOrUpdate(connection.Handle!, this);
        return connection;
    }

    /// <summary>
    /// Opens a connection of its own, outside the pool (closed for real when disposed), with a page cache of
    /// <paramref name="cacheKib"/> KiB instead of the configured one: for a long-lived writer of many small transactions.
    /// SQLite ends every write transaction by dropping cached pages past the end of the file, and once a b-tree page
    /// split has moved a page through a temporary page number past the end (balance_nonroot does), that drop scans
    /// the connection's whole page cache. A writer that nobody else's commits reset keeps its cache full, so with the
    /// default 64 MiB each audit append that split a page scanned ~16,000 cached pages at commit: 4-7 % of all CPU in
    /// the lookup benchmark, where nothing else writes. Pages it no longer caches are read again from the memory map.
    /// </summary>
    public Task<SqliteConnection> OpenOwnAsync(int cacheKib, CancellationToken cancellationToken) =>
        OpenOwnAsync(cacheKib, _mmapBytes, cancellationToken);

    /// <summary>
    /// Opens a connection of its own for short reads that run while others write (one resident's records per
    /// GetResident), with the configured page cache and <b>no memory map</b>. Whenever another connection has committed,
    /// SQLite starts the next read transaction by dropping the page cache and unmapping the whole file; with the map,
    /// every read after an audit append (one per read) paid a munmap, with its TLB shootdown on every core, and page
    /// faults to map the pages again. Without it those pages are copied in by read calls. Measured in the resident-view
    /// benchmark, three runs each way back to back: 591-686 against 691-765 µs of CPU per call.
    /// </summary>
    public Task<SqliteConnection> OpenOwnReaderAsync(CancellationToken cancellationToken) =>
        OpenOwnAsync(_cacheKib, 0, cancellationToken);

    private async Task<SqliteConnection> OpenOwnAsync(int cacheKib, long mmapBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
        var connection = new SqliteConnection(_unpooledConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SetUpAsync(connection, cacheKib, mmapBytes, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(SqliteConnection connection, int cacheKib, long mmapBytes, CancellationToken cancellationToken)
    {
        await using var pragma = connection.CreateCommand();
        // journal_mode is stored in the file; the rest are per connection.
        // A page cache of its own per connection: the identity tables take random-key inserts, and the
        // default 2 MB cache makes a large initial sync re-read pages from disk.
        // wal_autocheckpoint 10,000 pages (~40 MB of WAL) instead of 1,000: a bulk sync copies each hot index
        // page back to the database once per checkpoint, so fewer checkpoints write much less (measured on
        // 300k identity records: commit CPU 16.8 -> 15.0 s, writes 3.2 -> 2.2 GB). Raised again to 50,000
        // pages (~200 MB of WAL): a large sync's group transactions dirty thousands of random index pages each,
        // so 10,000 still checkpointed after almost every commit (measured on 470k identity records: writes
        // 5.6 -> 4.2 GB, commit CPU 26.2 -> 23.9 s). The WAL is still reset whenever no reader holds it, and the file stays bounded; durability is unchanged.
        // mmap_size: pages of the database file are read through a memory map, not copied in by read calls (pages still
        // in the log are read as before; nothing is written through the map). A connection drops its whole page cache
        // whenever another connection has committed, and the identity tables' random-key inserts touch more pages than
        // the cache holds. Measured on 1M identity records (writer CPU, five runs with the map against three without,
        // the same afternoon): 50.1 s against 53.4 s on average; wall time 61-72 s against 70-75 s, within the noise of
        // this machine's disk. The map counts in the process's working set (peak 2.8 instead of 2.3 GB there).
        // busy_timeout: a writer that finds the write lock taken (the ingest store, identity and audit writers share
        // the file) waits in SQLite's own handler, retrying after 1, 2, 5, 10 ... ms. Without it Microsoft.Data.Sqlite
        // sees SQLITE_BUSY and sleeps 150 ms before each retry: answers stalled ~155 ms and a sync left cores idle.
        pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={_synchronous}; PRAGMA foreign_keys=ON; PRAGMA cache_size=-{cacheKib}; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=50000; PRAGMA mmap_size={mmapBytes}; PRAGMA busy_timeout={_busyTimeoutMs};";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await EnsureHistoryTableAsync(connection, cancellationToken);
        var current = await ReadVersionAsync(connection, cancellationToken);
        if (current > LatestSchemaVersion)
            throw new InvalidOperationException(
                $"The store at {Location} is at schema version {current}, newer than this hub knows ({LatestSchemaVersion}). Run a newer hub.");

        foreach (var migration in SqliteMigrations.All.Where(m => m.Version > current))
        {
            await using var tx = await BeginWriteAsync(connection, cancellationToken);
            await using (var step = connection.CreateCommand())
            {
                step.Transaction = tx;
                step.CommandText = migration.Sql;
                await step.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$t", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            current = migration.Version;
        }
        return current;
    }

    /// <inheritdoc />
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await EnsureHistoryTableAsync(connection, cancellationToken);
        return await ReadVersionAsync(connection, cancellationToken);
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_migrations";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task EnsureHistoryTableAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY NOT NULL,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            ) STRICT;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
