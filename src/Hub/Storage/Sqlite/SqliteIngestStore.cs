using Hub.Addresses.Registry;
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
    /// <remarks>
    /// Batches that arrive while another holds the write lock are written together: whichever of them gets the lock
    /// first writes every batch queued by then in one transaction (one disk flush) and completes them all, and the
    /// others find their batch committed when their turn comes. The identity writer takes the waiting batches into its
    /// own transactions too (see <see cref="TakeWaiting"/>). During a sync of several departments the lock is busy
    /// almost all the time, so each ingest transaction otherwise paid its own flush for one adapter's batch. If the
    /// shared transaction fails, each batch is written again on its own, so one batch's failure stays its own.
    /// </remarks>
    public async Task CommitAsync(IReadOnlyList<IngestCommit> commits, IReadOnlyList<StandardAddress> addresses, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (commits.Count == 0)
            return;
        var at = SqliteText.Time(now);
        // The standard addresses the records refer to commit with them: one transaction (one disk flush) per batch, not
        // two. Those already written today are left out before the write lock is taken, read on a pooled connection
        // given back before the wait for the lock (the batch is written through the bulk writer's).
        var unwrittenAddresses = addresses;
        if (addresses.Count > 0)
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            unwrittenAddresses = await SqliteAddressRegistryStore.NotWrittenTodayAsync(connection, addresses, at, cancellationToken);
        }
        var mine = new PendingBatch(commits, unwrittenAddresses, at);
        store.Writes.WaitingIngest.Enqueue(mine);
        try
        {
            // Through the bulk writers' connection, as the identity change sets are: its page cache stays warm.
            var (writer, tx) = await store.BeginBulkWriteAsync(cancellationToken);
            await using (tx)
            {
                if (!mine.Written.Task.IsCompleted)
                    await WriteQueuedAsync(writer, tx);
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled before any transaction took the batch: no one will write it. Taken already: its transaction
            // is under way, and the outcome below is the batch's.
            if (mine.TryAbandon())
                throw;
        }
        if (await mine.Written.Task)
            return;
        // The shared transaction failed (and rolled back): this batch alone.
        var (alone, aloneTx) = await store.BeginBulkWriteAsync(CancellationToken.None);
        await using (aloneTx)
        {
            await WriteAsync(alone, aloneTx, [mine], CancellationToken.None);
            await aloneTx.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _transactions);
        }
    }

    /// <summary>Transactions <see cref="CommitAsync"/> has committed (for tests of the grouping).</summary>
    internal long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Batches queued for the write lock and not yet taken (for tests).</summary>
    internal int Queued => store.Writes.WaitingIngest.Count;

    private long _transactions;

    // Holding the write lock with the caller's batch not yet written (so still queued): takes every queued batch not yet
    // taken or abandoned, the caller's among them, and writes them in one transaction.
    private async Task WriteQueuedAsync(SqliteConnection connection, WriteTransaction tx)
    {
        var group = TakeWaiting(store.Writes);
        try
        {
            // Once batches are taken, their callers wait for this transaction: it is not cancelled halfway.
            await WriteAsync(connection, tx, group, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _transactions);
            Complete(group, true);
        }
        catch (Exception) when (group.Count > 1)
        {
            Complete(group, false);
        }
        catch (Exception ex)
        {
            group[0].Written.TrySetException(ex);
        }
    }

    /// <summary>
    /// Called holding <paramref name="gate"/>: takes the ingest batches waiting for it, for the caller's transaction to
    /// write (<see cref="WriteAsync"/>) and then <see cref="Complete"/>. The identity writer takes them too, so a batch
    /// that arrives while identity links are written commits with them instead of paying a transaction of its own.
    /// </summary>
    internal static List<PendingBatch> TakeWaiting(WriteGate gate)
    {
        var group = new List<PendingBatch>();
        while (gate.WaitingIngest.TryDequeue(out var pending))
        {
            if (pending.TryTake())
                group.Add(pending);
        }
        return group;
    }

    /// <summary>Tells the callers of taken batches that their transaction committed (true) or failed and they must write alone (false).</summary>
    internal static void Complete(List<PendingBatch> group, bool committed)
    {
        foreach (var batch in group)
            batch.Written.TrySetResult(committed);
    }

    /// <summary>An ingest batch waiting for the store's write lock (see <see cref="CommitAsync"/>).</summary>
    internal sealed class PendingBatch(IReadOnlyList<IngestCommit> commits, IReadOnlyList<StandardAddress> addresses, string at)
    {
        private int _state; // 0 queued, 1 taken by a transaction, 2 abandoned by its caller

        public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

        public IReadOnlyList<IngestCommit> Commits => commits;
        public IReadOnlyList<StandardAddress> Addresses => addresses;
        public string At => at;

        /// <summary>True once committed by some transaction; false when the shared one failed and the batch must be written alone.</summary>
        public TaskCompletionSource<bool> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Writes the batches' records, addresses and checkpoints in the caller's transaction.</summary>
    internal static async Task WriteAsync(SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<PendingBatch> group,
        CancellationToken cancellationToken)
    {
        // One prepared statement per kind for the whole transaction: preparing each statement per record cost more than running it.
        await using var batch = new CommandBatch(connection, tx);
        using var sources = new SqliteRowStatement(connection, UpsertSource);
        // Departments with records waiting in quarantine, read once per transaction (it holds the write lock, so none
        // appear meanwhile but its own): a department with none, the usual case, needs no supersede statement per record.
        var waiting = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var pending in group)
        {
            var at = pending.At;
            SqliteAddressRegistryStore.Upsert(connection, pending.Addresses, at);
            foreach (var c in pending.Commits)
            {
                if (!waiting.TryGetValue(c.Department, out var anyWaiting))
                    waiting[c.Department] = anyWaiting = (long)(await batch.Scalar(AnyWaiting, cancellationToken, ("$dep", c.Department)))! != 0;
                // A newer version of the same record makes any waiting older one obsolete: replaying it would go back in time.
                if (anyWaiting)
                    await batch.Exec(Supersede, cancellationToken, ("$at", at), ("$dep", c.Department), ("$id", c.LocalId));
                switch (c.Outcome)
                {
                    case IngestOutcome.Accepted:
                        UpsertSourceRow(sources, c.Department, c.LocalId, c.Kind, c.Payload, c.Tombstone, c.AdapterId, c.Sequence, at);
                        break;
                    case IngestOutcome.Quarantined:
                        await QuarantineAsync(batch, c, at, cancellationToken);
                        waiting[c.Department] = true;
                        break;
                    case IngestOutcome.Rejected:
                        await batch.Exec("""
                            INSERT INTO ingest_rejections (adapter_id, department, local_id, sequence, reason, payload, created_at)
                            VALUES ($a, $dep, $id, $seq, $reason, $payload, $at)
                            """, cancellationToken, ("$a", c.AdapterId), ("$dep", c.Department), ("$id", c.LocalId), ("$seq", c.Sequence),
                            ("$reason", c.Reason), ("$payload", c.Payload), ("$at", at));
                        break;
                }
            }
            var last = pending.Commits[^1];
            await batch.Exec("""
                INSERT INTO ingest_checkpoints (adapter_id, last_sequence, last_change_token, updated_at) VALUES ($a, $seq, $token, $at)
                ON CONFLICT (adapter_id) DO UPDATE SET last_sequence = excluded.last_sequence,
                    last_change_token = excluded.last_change_token, updated_at = excluded.updated_at
                """, cancellationToken, ("$a", last.AdapterId), ("$seq", last.Sequence), ("$token", last.ChangeToken), ("$at", at));
        }
    }

    private const string AnyWaiting = "SELECT EXISTS (SELECT 1 FROM quarantine WHERE state = 'waiting' AND department = $dep)";

    private const string Supersede = """
        UPDATE quarantine SET state = 'superseded', resolved_at = $at
        WHERE state = 'waiting' AND department = $dep AND local_id = $id
        """;

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
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        await using (var release = connection.Command(
            "UPDATE quarantine SET state = 'released', resolved_at = $at WHERE id = $id AND state = 'waiting'", tx)
            .With("$at", at).With("$id", record.Id))
        {
            if (await release.ExecuteNonQueryAsync(cancellationToken) == 0)
                return false;
        }
        using (var sources = new SqliteRowStatement(connection, UpsertSource))
            UpsertSourceRow(sources, record.Department, record.LocalId, kind, translatedPayload, false, record.AdapterId, record.Sequence, at);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task UpdateWaitingAsync(QuarantinedRecord record, string reason, IReadOnlyList<UnmappedValue> unmapped,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
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
        await using (var batch = new CommandBatch(connection, tx))
        {
            await InsertCodesAsync(batch, record.Id, unmapped, cancellationToken);
        }
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

    // A tombstone keeps the last known content and only marks the record as gone at its source.
    private const string UpsertSource = """
        INSERT INTO source_records (department, local_id, kind, payload, deleted, adapter_id, sequence, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        ON CONFLICT (department, local_id) DO UPDATE SET
            kind = CASE WHEN excluded.deleted = 1 THEN source_records.kind ELSE excluded.kind END,
            payload = CASE WHEN excluded.deleted = 1 THEN source_records.payload ELSE excluded.payload END,
            deleted = excluded.deleted, adapter_id = excluded.adapter_id,
            sequence = excluded.sequence, updated_at = excluded.updated_at
        """;

    // Stepped on the connection's own handle with parameters bound by position: one per accepted record of a sync,
    // where Microsoft.Data.Sqlite's per-execution work (a data reader, parameters looked up by name) cost more than the row.
    private static void UpsertSourceRow(SqliteRowStatement statement, string department, string localId,
        int kind, byte[] payload, bool deleted, string adapterId, long sequence, string at) =>
        statement.Text(1, department).Text(2, localId).Integer(3, kind).Blob(4, payload).Integer(5, deleted ? 1 : 0)
            .Text(6, adapterId).Integer(7, sequence).Text(8, at).Step();

    private static async Task QuarantineAsync(CommandBatch batch, IngestCommit c, string at, CancellationToken cancellationToken)
    {
        var id = (long)(await batch.Scalar("""
            INSERT INTO quarantine (department, local_id, adapter_id, sequence, payload, reason, state, created_at)
            VALUES ($dep, $id, $a, $seq, $payload, $reason, 'waiting', $at) RETURNING id
            """, cancellationToken, ("$dep", c.Department), ("$id", c.LocalId), ("$a", c.AdapterId), ("$seq", c.Sequence),
            ("$payload", c.Payload), ("$reason", c.Reason), ("$at", at)))!;
        await InsertCodesAsync(batch, id, c.Unmapped, cancellationToken);
        foreach (var u in c.Unmapped.DistinctBy(u => u.Key))
        {
            await batch.Exec("""
                INSERT INTO unmapped_codes (department, dictionary, local_code, local_label, seen_count, first_seen, last_seen, example_local_id)
                VALUES ($dep, $dict, $code, $label, 1, $at, $at, $example)
                ON CONFLICT (department, dictionary, local_code) DO UPDATE SET
                    seen_count = seen_count + 1, last_seen = excluded.last_seen,
                    local_label = CASE WHEN excluded.local_label <> '' THEN excluded.local_label ELSE unmapped_codes.local_label END
                """, cancellationToken, ("$dep", u.Key.Department), ("$dict", u.Key.Dictionary), ("$code", u.Key.LocalCode),
                ("$label", u.LocalLabel), ("$at", at), ("$example", c.LocalId));
        }
    }

    private static async Task InsertCodesAsync(CommandBatch batch, long id, IReadOnlyList<UnmappedValue> unmapped,
        CancellationToken cancellationToken)
    {
        foreach (var u in unmapped.DistinctBy(u => u.Key))
            await batch.Exec("""
                INSERT INTO quarantine_codes (quarantine_id, department, dictionary, local_code) VALUES ($q, $dep, $dict, $code)
                """, cancellationToken, ("$q", id), ("$dep", u.Key.Department), ("$dict", u.Key.Dictionary), ("$code", u.Key.LocalCode));
    }
}
