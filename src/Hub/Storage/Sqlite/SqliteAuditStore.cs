using System.Text;
using Hub.Audit;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>
/// The SQLite implementation of <see cref="IAuditStore"/>. Appends take the write lock first (BEGIN IMMEDIATE),
/// so the entry they chain to is the true last one even with several hub processes on one file.
/// </summary>
/// <remarks>
/// Appends (one per group commit of the single <see cref="AuditLog"/> writer) keep a connection and two prepared
/// statements of their own: taking a pooled connection ran the hub's pragmas and prepared both statements again for
/// every commit. After any failure the connection is dropped and the next append opens a fresh one.
/// </remarks>
public sealed class SqliteAuditStore(SqliteHubStore store) : IAuditStore, IDisposable, IAsyncDisposable
{
    private const string Columns =
        "sequence, access_time, caller, purpose, resident_id, facets, fields, rpc_method, request_id, status_code, previous_hash, entry_hash";

    private readonly SemaphoreSlim _appending = new(1, 1);
    private Appender? _appender;

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
            return;
        await _appending.WaitAsync(cancellationToken);
        try
        {
            _appender ??= await Appender.OpenAsync(store, cancellationToken);
            await using var writing = await store.Writes.EnterAsync(cancellationToken);
            try
            {
                _appender.Append(records);
            }
            catch
            {
                await _appender.DisposeAsync();
                _appender = null;
                throw;
            }
        }
        finally
        {
            _appending.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _appending.WaitAsync();
        try
        {
            if (_appender is not null)
                await _appender.DisposeAsync();
            _appender = null;
        }
        finally
        {
            _appending.Release();
        }
    }

    private const int AppenderCacheKib = 2048;

    private sealed class Appender(SqliteConnection connection, SqliteCommand last, SqliteCommand insert) : IAsyncDisposable
    {
        public static async Task<Appender> OpenAsync(SqliteHubStore store, CancellationToken cancellationToken)
        {
            // Its own connection with a small page cache: see SqliteHubStore.OpenOwnAsync. It appends at the end of the
            // log and of the by-caller index and at one place of the by-resident index per entry; 2 MiB holds that.
            var connection = await store.OpenOwnAsync(AppenderCacheKib, cancellationToken);
            try
            {
                var last = connection.Command("SELECT sequence, entry_hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
                var insert = connection.Command($"INSERT INTO audit_log ({Columns}) VALUES ($s, $t, $c, $p, $r, $f, $fl, $m, $q, $st, $prev, $h)");
                foreach (var name in (string[])["$s", "$t", "$c", "$p", "$r", "$f", "$fl", "$m", "$q", "$st", "$prev", "$h"])
                    insert.Parameters.Add(new SqliteParameter { ParameterName = name });
                return new Appender(connection, last, insert);
            }
            catch
            {
                // Outside the pool: nobody else would ever close it.
                await connection.DisposeAsync();
                throw;
            }
        }

        // Synchronous: Microsoft.Data.Sqlite runs its async methods synchronously anyway (their wrappers only allocate).
        public void Append(IReadOnlyList<AuditRecord> records)
        {
            // Not deferred (BEGIN IMMEDIATE): the last entry read below cannot change before this transaction commits.
            using var tx = connection.BeginTransaction(deferred: false);
            last.Transaction = tx;
            insert.Transaction = tx;
            long sequence = 0;
            var previous = AuditHash.Genesis;
            using (var reader = last.ExecuteReader())
            {
                if (reader.Read())
                {
                    sequence = reader.GetInt64(0);
                    previous = reader.GetString(1);
                }
            }
            var p = insert.Parameters;
            foreach (var record in records)
            {
                var row = new AuditEntryRow(++sequence, SqliteText.Time(record.Time), record.Caller, record.Purpose, record.ResidentId,
                    string.Join(AuditHash.ListSeparator, record.Facets), string.Join(AuditHash.ListSeparator, record.Fields),
                    record.RpcMethod, record.RequestId, record.StatusCode, previous, "");
                var hash = AuditHash.Compute(row);
                p[0].Value = row.Sequence;
                p[1].Value = row.AccessTime;
                p[2].Value = row.Caller;
                p[3].Value = row.Purpose;
                p[4].Value = row.ResidentId;
                p[5].Value = row.Facets;
                p[6].Value = row.Fields;
                p[7].Value = row.RpcMethod;
                p[8].Value = row.RequestId;
                p[9].Value = row.StatusCode;
                p[10].Value = row.PreviousHash;
                p[11].Value = hash;
                insert.ExecuteNonQuery();
                previous = hash;
            }
            tx.Commit();
        }

        public async ValueTask DisposeAsync()
        {
            await last.DisposeAsync();
            await insert.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntryRow>> ListAsync(AuditQuery query, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command("");
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_log WHERE 1 = 1");
        if (query.ResidentIds is { } residents)
        {
            var names = residents.Select((id, i) => { command.With($"$r{i}", id); return $"$r{i}"; });
            sql.Append($" AND resident_id IN ({string.Join(", ", names)})");
        }
        if (query.Caller is { } caller)
        {
            sql.Append(" AND caller = $caller");
            command.With("$caller", caller);
        }
        if (query.From is { } from)
        {
            sql.Append(" AND access_time >= $from");
            command.With("$from", SqliteText.Time(from));
        }
        if (query.Until is { } until)
        {
            sql.Append(" AND access_time < $until");
            command.With("$until", SqliteText.Time(until));
        }
        if (query.BeforeSequence is { } before)
        {
            sql.Append(" AND sequence < $before");
            command.With("$before", before);
        }
        sql.Append(" ORDER BY sequence DESC LIMIT $limit");
        command.With("$limit", limit);
        command.CommandText = sql.ToString();
        return await ReadAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntryRow>> RangeAsync(long from, long to, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM audit_log WHERE sequence >= $from AND sequence <= $to ORDER BY sequence LIMIT $limit")
            .With("$from", from).With("$to", to).With("$limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT coalesce(max(sequence), 0) FROM audit_log");
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    private static async Task<IReadOnlyList<AuditEntryRow>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AuditEntryRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new AuditEntryRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9),
                reader.GetString(10), reader.GetString(11)));
        return rows;
    }
}
