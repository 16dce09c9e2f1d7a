using System.Text;
using Hub.Audit;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>
/// The SQLite implementation of <see cref="IAuditStore"/>. Appends take the write lock first (BEGIN IMMEDIATE),
/// so the entry they chain to is the true last one even with several hub processes on one file.
/// </summary>
public sealed class SqliteAuditStore(SqliteHubStore store) : IAuditStore
{
    private const string Columns =
        "sequence, access_time, caller, purpose, resident_id, facets, fields, rpc_method, request_id, status_code, previous_hash, entry_hash";

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
            return;
        await using var connection = await store.OpenAsync(cancellationToken);
        // Not deferred (BEGIN IMMEDIATE): the last entry read below cannot change before this transaction commits.
        await using var tx = connection.BeginTransaction(deferred: false);
        long sequence = 0;
        var previous = AuditHash.Genesis;
        await using (var last = connection.Command("SELECT sequence, entry_hash FROM audit_log ORDER BY sequence DESC LIMIT 1", tx))
        await using (var reader = await last.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                sequence = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
        }
        await using var insert = connection.Command($"INSERT INTO audit_log ({Columns}) VALUES ($s, $t, $c, $p, $r, $f, $fl, $m, $q, $st, $prev, $h)", tx);
        var names = new[] { "$s", "$t", "$c", "$p", "$r", "$f", "$fl", "$m", "$q", "$st", "$prev", "$h" };
        foreach (var name in names)
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        foreach (var record in records)
        {
            var row = new AuditEntryRow(++sequence, SqliteText.Time(record.Time), record.Caller, record.Purpose, record.ResidentId,
                string.Join(AuditHash.ListSeparator, record.Facets), string.Join(AuditHash.ListSeparator, record.Fields),
                record.RpcMethod, record.RequestId, record.StatusCode, previous, "");
            var hash = AuditHash.Compute(row);
            object[] values = [row.Sequence, row.AccessTime, row.Caller, row.Purpose, row.ResidentId, row.Facets, row.Fields,
                row.RpcMethod, row.RequestId, row.StatusCode, row.PreviousHash, hash];
            for (var i = 0; i < values.Length; i++)
                insert.Parameters[i].Value = values[i];
            await insert.ExecuteNonQueryAsync(cancellationToken);
            previous = hash;
        }
        await tx.CommitAsync(cancellationToken);
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
