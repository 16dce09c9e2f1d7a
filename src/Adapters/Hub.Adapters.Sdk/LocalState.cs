using Microsoft.Data.Sqlite;

namespace Hub.Adapters;

/// <summary>A record waiting in the local outbox: read from the source, not yet acked by the hub.</summary>
public sealed record OutboxEntry(long Sequence, string LocalId, string ChangeToken, byte[] Record);

/// <summary>
/// The adapter's durable state, a SQLite file next to it: the scan cursor, the outbox of records
/// read but not yet acked (with the sequence each was given), the acked checkpoint, and a hash of
/// the content last pushed for every record (to skip unchanged rows and to find deleted ones).
/// A record enters the outbox and the cursor moves in one transaction, so a crash loses nothing.
/// </summary>
public sealed class LocalState : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    // Microsoft.Data.Sqlite wants every command inside an open transaction to name it.
    private SqliteTransaction? _current;

    /// <summary>Opens or creates the state file.</summary>
    public LocalState(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS outbox (sequence INTEGER PRIMARY KEY, local_id TEXT NOT NULL, change_token TEXT NOT NULL, record BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS known (local_id TEXT PRIMARY KEY, hash INTEGER NOT NULL) WITHOUT ROWID;
            """);
        FilePath = full;
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>Highest sequence acked by the hub.</summary>
    public long Acked => long.Parse(Get("acked") ?? "0");

    /// <summary>Highest sequence given to a record so far.</summary>
    public long LastSequence => long.Parse(Get("last_sequence") ?? "0");

    /// <summary>The source scan position after the last record read.</summary>
    public string Cursor => Get("cursor") ?? "";

    /// <summary>
    /// The WatchCases cursor of the last case event the plugin committed into the department's system;
    /// empty before the first one.
    /// </summary>
    public string CaseCursor => Get("case_cursor") ?? "";

    /// <summary>Moves <see cref="CaseCursor"/>; called only after the plugin committed the event.</summary>
    public void SetCaseCursor(string cursor)
    {
        lock (_gate)
        {
            using var tx = Begin();
            Set("case_cursor", cursor, tx);
            tx.Commit();
            _current = null;
        }
    }

    /// <summary>Records read and not yet acked.</summary>
    public long Backlog => LastSequence - Acked;

    /// <summary>
    /// Brings the state in line with the hub's committed checkpoint: records at or below it are acked.
    /// A state file that was lost or is behind never reuses a sequence the hub has seen.
    /// </summary>
    public void Reconcile(long hubCommitted)
    {
        lock (_gate)
        {
            using var tx = Begin();
            if (hubCommitted > Acked)
            {
                Set("acked", hubCommitted.ToString(), tx);
                Execute($"DELETE FROM outbox WHERE sequence <= {hubCommitted}", tx);
            }
            if (hubCommitted > LastSequence)
                Set("last_sequence", hubCommitted.ToString(), tx);
            tx.Commit();
            _current = null;
        }
    }

    /// <summary>
    /// Appends changed records to the outbox with the next sequences and moves the cursor, in one
    /// transaction. Records whose content hash equals the last pushed one are skipped; a tombstone is
    /// skipped for a record never pushed. Returns how many were appended.
    /// </summary>
    public int Append(IReadOnlyList<(string LocalId, string ChangeToken, byte[] Record, long? Hash)> changes, string cursor)
    {
        lock (_gate)
        {
            using var tx = Begin();
            var sequence = LastSequence;
            var appended = 0;
            using var find = Command("SELECT hash FROM known WHERE local_id = $id", tx);
            var findId = find.Parameters.Add("$id", SqliteType.Text);
            using var insert = Command("INSERT INTO outbox (sequence, local_id, change_token, record) VALUES ($s, $id, $t, $r)", tx);
            var (pS, pId, pT, pR) = (insert.Parameters.Add("$s", SqliteType.Integer), insert.Parameters.Add("$id", SqliteType.Text),
                insert.Parameters.Add("$t", SqliteType.Text), insert.Parameters.Add("$r", SqliteType.Blob));
            using var upsert = Command("INSERT INTO known (local_id, hash) VALUES ($id, $h) ON CONFLICT (local_id) DO UPDATE SET hash = excluded.hash", tx);
            var (uId, uH) = (upsert.Parameters.Add("$id", SqliteType.Text), upsert.Parameters.Add("$h", SqliteType.Integer));
            using var forget = Command("DELETE FROM known WHERE local_id = $id", tx);
            var fId = forget.Parameters.Add("$id", SqliteType.Text);
            foreach (var (localId, token, record, hash) in changes)
            {
                findId.Value = localId;
                var previous = find.ExecuteScalar() as long?;
                if (hash is { } h ? previous == h : previous is null)
                    continue;
                sequence++;
                appended++;
                (pS.Value, pId.Value, pT.Value, pR.Value) = (sequence, localId, token, record);
                insert.ExecuteNonQuery();
                if (hash is { } keep)
                {
                    (uId.Value, uH.Value) = (localId, keep);
                    upsert.ExecuteNonQuery();
                }
                else
                {
                    fId.Value = localId;
                    forget.ExecuteNonQuery();
                }
            }
            Set("last_sequence", sequence.ToString(), tx);
            Set("cursor", cursor, tx);
            tx.Commit();
            _current = null;
            return appended;
        }
    }

    /// <summary>Outbox records after <paramref name="afterSequence"/>, oldest first.</summary>
    public IReadOnlyList<OutboxEntry> ReadOutbox(long afterSequence, int limit)
    {
        lock (_gate)
        {
            using var command = Command("SELECT sequence, local_id, change_token, record FROM outbox WHERE sequence > $s ORDER BY sequence LIMIT $n", null);
            command.Parameters.AddWithValue("$s", afterSequence);
            command.Parameters.AddWithValue("$n", limit);
            using var reader = command.ExecuteReader();
            var rows = new List<OutboxEntry>();
            while (reader.Read())
                rows.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3)));
            return rows;
        }
    }

    /// <summary>Records the hub's ack up to <paramref name="sequence"/> and drops those records from the outbox.</summary>
    public void MarkAcked(long sequence)
    {
        lock (_gate)
        {
            if (sequence <= Acked)
                return;
            using var tx = Begin();
            Set("acked", sequence.ToString(), tx);
            Execute($"DELETE FROM outbox WHERE sequence <= {sequence}", tx);
            tx.Commit();
            _current = null;
        }
    }

    /// <summary>Local ids of every record pushed and not deleted since.</summary>
    public IReadOnlyList<string> KnownIds()
    {
        lock (_gate)
        {
            using var command = Command("SELECT local_id FROM known", null);
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
                ids.Add(reader.GetString(0));
            return ids;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    // Locked like every other use of the connection: the pusher reads Acked and Backlog while the collector appends, and
    // one SqliteConnection is not safe for two threads (unlocked, a read could also join the other's open transaction).
    private string? Get(string key)
    {
        lock (_gate)
        {
            using var command = Command("SELECT value FROM meta WHERE key = $k", null);
            command.Parameters.AddWithValue("$k", key);
            return command.ExecuteScalar() as string;
        }
    }

    private void Set(string key, string value, SqliteTransaction tx)
    {
        using var command = Command("INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", tx);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var command = Command(sql, tx);
        command.ExecuteNonQuery();
    }

    private SqliteTransaction Begin() => _current = _connection.BeginTransaction();

    private SqliteCommand Command(string sql, SqliteTransaction? tx)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx ?? (_current?.Connection is null ? null : _current);
        return command;
    }
}
