using Hub.Dictionaries;
using Hub.Ingest;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>The SQLite implementation of <see cref="IIngestStore"/>.</summary>
public sealed class SqliteIngestStore(SqliteHubStore store) : IIngestStore
{
    /// <inheritdoc />
    public async Task<IngestCheckpoint?> GetCheckpointAsync(string adapterId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT last_sequence, last_change_token FROM ingest_checkpoints WHERE adapter_id = $a").With("$a", adapterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new IngestCheckpoint(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <inheritdoc />
    public async Task CommitAsync(IReadOnlyList<IngestCommit> commits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (commits.Count == 0)
            return;
        var at = SqliteText.Time(now);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var c in commits)
        {
            // A newer version of the same record makes any waiting older one obsolete: replaying it would go back in time.
            await using (var supersede = connection.Command("""
                UPDATE quarantine SET state = 'superseded', resolved_at = $at
                WHERE state = 'waiting' AND department = $dep AND local_id = $id
                """, tx).With("$at", at).With("$dep", c.Department).With("$id", c.LocalId))
            {
                await supersede.ExecuteNonQueryAsync(cancellationToken);
            }
            switch (c.Outcome)
            {
                case IngestOutcome.Accepted:
                    await UpsertSourceAsync(connection, tx, c.Department, c.LocalId, c.Kind, c.Payload, c.Tombstone, c.AdapterId, c.Sequence, at, cancellationToken);
                    break;
                case IngestOutcome.Quarantined:
                    await QuarantineAsync(connection, tx, c, at, cancellationToken);
                    break;
                case IngestOutcome.Rejected:
                    await using (var reject = connection.Command("""
                        INSERT INTO ingest_rejections (adapter_id, department, local_id, sequence, reason, payload, created_at)
                        VALUES ($a, $dep, $id, $seq, $reason, $payload, $at)
                        """, tx).With("$a", c.AdapterId).With("$dep", c.Department).With("$id", c.LocalId).With("$seq", c.Sequence)
                        .With("$reason", c.Reason).With("$payload", c.Payload).With("$at", at))
                    {
                        await reject.ExecuteNonQueryAsync(cancellationToken);
                    }
                    break;
            }
        }
        var last = commits[^1];
        await using (var checkpoint = connection.Command("""
            INSERT INTO ingest_checkpoints (adapter_id, last_sequence, last_change_token, updated_at) VALUES ($a, $seq, $token, $at)
            ON CONFLICT (adapter_id) DO UPDATE SET last_sequence = excluded.last_sequence,
                last_change_token = excluded.last_change_token, updated_at = excluded.updated_at
            """, tx).With("$a", last.AdapterId).With("$seq", last.Sequence).With("$token", last.ChangeToken).With("$at", at))
        {
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QuarantinedRecord>> ListWaitingAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT id, adapter_id, department, local_id, sequence, payload, reason FROM quarantine
            WHERE state = 'waiting' AND id > $after ORDER BY id LIMIT $limit
            """).With("$after", afterId).With("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<QuarantinedRecord>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new QuarantinedRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), (byte[])reader.GetValue(5), reader.GetString(6)));
        return rows;
    }

    /// <inheritdoc />
    public async Task<bool> ReleaseAsync(QuarantinedRecord record, int kind, byte[] translatedPayload, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var at = SqliteText.Time(now);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var release = connection.Command(
            "UPDATE quarantine SET state = 'released', resolved_at = $at WHERE id = $id AND state = 'waiting'", tx)
            .With("$at", at).With("$id", record.Id))
        {
            if (await release.ExecuteNonQueryAsync(cancellationToken) == 0)
                return false;
        }
        await UpsertSourceAsync(connection, tx, record.Department, record.LocalId, kind, translatedPayload, false,
            record.AdapterId, record.Sequence, at, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task UpdateWaitingAsync(QuarantinedRecord record, string reason, IReadOnlyList<UnmappedValue> unmapped,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = connection.Command("UPDATE quarantine SET reason = $r WHERE id = $id AND state = 'waiting'", tx)
            .With("$r", reason).With("$id", record.Id))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                return;
        }
        await using (var clear = connection.Command("DELETE FROM quarantine_codes WHERE quarantine_id = $id", tx).With("$id", record.Id))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertCodesAsync(connection, tx, record.Id, unmapped, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SourceRecordRow?> GetSourceRecordAsync(string department, string localId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT kind, payload, deleted, sequence FROM source_records WHERE department = $dep AND local_id = $id")
            .With("$dep", department).With("$id", localId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SourceRecordRow(department, localId, reader.GetInt32(0), (byte[])reader.GetValue(1), reader.GetInt64(2) != 0, reader.GetInt64(3))
            : null;
    }

    /// <inheritdoc />
    public async Task<long> CountWaitingAsync(string? adapterId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT count(*) FROM quarantine WHERE state = 'waiting' AND ($a IS NULL OR adapter_id = $a)").With("$a", adapterId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task UpsertSourceAsync(SqliteConnection connection, SqliteTransaction tx, string department, string localId,
        int kind, byte[] payload, bool deleted, string adapterId, long sequence, string at, CancellationToken cancellationToken)
    {
        // A tombstone keeps the last known content and only marks the record as gone at its source.
        await using var upsert = connection.Command("""
            INSERT INTO source_records (department, local_id, kind, payload, deleted, adapter_id, sequence, updated_at)
            VALUES ($dep, $id, $kind, $payload, $deleted, $a, $seq, $at)
            ON CONFLICT (department, local_id) DO UPDATE SET
                kind = CASE WHEN excluded.deleted = 1 THEN source_records.kind ELSE excluded.kind END,
                payload = CASE WHEN excluded.deleted = 1 THEN source_records.payload ELSE excluded.payload END,
                deleted = excluded.deleted, adapter_id = excluded.adapter_id,
                sequence = excluded.sequence, updated_at = excluded.updated_at
            """, tx).With("$dep", department).With("$id", localId).With("$kind", kind).With("$payload", payload)
            .With("$deleted", deleted ? 1 : 0).With("$a", adapterId).With("$seq", sequence).With("$at", at);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task QuarantineAsync(SqliteConnection connection, SqliteTransaction tx, IngestCommit c, string at,
        CancellationToken cancellationToken)
    {
        long id;
        await using (var insert = connection.Command("""
            INSERT INTO quarantine (department, local_id, adapter_id, sequence, payload, reason, state, created_at)
            VALUES ($dep, $id, $a, $seq, $payload, $reason, 'waiting', $at) RETURNING id
            """, tx).With("$dep", c.Department).With("$id", c.LocalId).With("$a", c.AdapterId).With("$seq", c.Sequence)
            .With("$payload", c.Payload).With("$reason", c.Reason).With("$at", at))
        {
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }
        await InsertCodesAsync(connection, tx, id, c.Unmapped, cancellationToken);
        foreach (var u in c.Unmapped.DistinctBy(u => u.Key))
        {
            await using var seen = connection.Command("""
                INSERT INTO unmapped_codes (department, dictionary, local_code, local_label, seen_count, first_seen, last_seen, example_local_id)
                VALUES ($dep, $dict, $code, $label, 1, $at, $at, $example)
                ON CONFLICT (department, dictionary, local_code) DO UPDATE SET
                    seen_count = seen_count + 1, last_seen = excluded.last_seen,
                    local_label = CASE WHEN excluded.local_label <> '' THEN excluded.local_label ELSE unmapped_codes.local_label END
                """, tx).With("$dep", u.Key.Department).With("$dict", u.Key.Dictionary).With("$code", u.Key.LocalCode)
                .With("$label", u.LocalLabel).With("$at", at).With("$example", c.LocalId);
            await seen.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertCodesAsync(SqliteConnection connection, SqliteTransaction tx, long id,
        IReadOnlyList<UnmappedValue> unmapped, CancellationToken cancellationToken)
    {
        foreach (var u in unmapped.DistinctBy(u => u.Key))
        {
            await using var code = connection.Command("""
                INSERT INTO quarantine_codes (quarantine_id, department, dictionary, local_code) VALUES ($q, $dep, $dict, $code)
                """, tx).With("$q", id).With("$dep", u.Key.Department).With("$dict", u.Key.Dictionary).With("$code", u.Key.LocalCode);
            await code.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
