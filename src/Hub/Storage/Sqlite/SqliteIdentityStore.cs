using System.Runtime.CompilerServices;
using Google.Protobuf;
using Hub.Contracts.V1;
using Hub.Identity;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>The SQLite implementation of <see cref="IIdentityStore"/>.</summary>
public sealed class SqliteIdentityStore(SqliteHubStore store) : IIdentityStore
{
    private const string LinkColumns = "department, local_id, resident_id, method, score, id_number, created_at, created_by";

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> ApplyAsync(IdentityChangeSet c, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = SqliteText.Time(now);
        var (connection, tx) = await store.BeginBulkWriteAsync(cancellationToken);
        await using var held = tx;
        // Ingest batches waiting for the lock commit with this change: one disk flush for both.
        var ingest = SqliteIngestStore.TakeWaiting(store.Writes);
        try
        {
            if (ingest.Count > 0)
                await SqliteIngestStore.WriteAsync(connection, tx, ingest, CancellationToken.None);
            var sequences = await WriteAsync(connection, tx, c, now, at, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            SqliteIngestStore.Complete(ingest, true);
            return sequences;
        }
        catch
        {
            // Rolled back: the ingest batches are written again on their own.
            SqliteIngestStore.Complete(ingest, false);
            throw;
        }
    }

    private static async Task<IReadOnlyList<long>> WriteAsync(SqliteConnection connection, WriteTransaction tx, IdentityChangeSet c,
        DateTimeOffset now, string at, CancellationToken cancellationToken)
    {
        await using var batch = new CommandBatch(connection, tx);
        // All residents first: a merge or a link of this change may name one issued by it.
        using (var residents = new SqliteRowStatement(connection, "INSERT INTO residents (resident_id, state, created_at) VALUES (?1, 'active', ?2)"))
        {
            foreach (var id in c.NewResidents)
                residents.Text(1, id).Text(2, at).Step();
        }
        foreach (var (merged, survivor) in c.Merges)
        {
            await batch.Exec("UPDATE residents SET state = 'merged', merged_into = $s WHERE resident_id = $m", cancellationToken,
                ("$s", survivor), ("$m", merged));
            // Aliases of the merged id now point straight at the survivor: one hop resolves any alias.
            await batch.Exec("UPDATE residents SET merged_into = $s WHERE merged_into = $m", cancellationToken,
                ("$s", survivor), ("$m", merged));
        }
        // In list order: a record that appears twice (change sets written together) ends with its last link.
        using (var links = new SqliteRowStatement(connection, """
            INSERT INTO identity_links (department, local_id, resident_id, method, score, id_number, created_at, created_by)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT (department, local_id) DO UPDATE SET resident_id = excluded.resident_id, method = excluded.method,
                score = excluded.score, id_number = excluded.id_number, created_at = excluded.created_at, created_by = excluded.created_by
            """))
        {
            // A group's links share one or two creation times: format each once, not per row.
            var (lastTime, lastText) = (now, at);
            foreach (var l in c.Links)
            {
                if (l.CreatedAt != lastTime)
                    (lastTime, lastText) = (l.CreatedAt, SqliteText.Time(l.CreatedAt));
                links.Text(1, l.Department).Text(2, l.LocalId).Text(3, l.ResidentId).Integer(4, (int)l.Method).Real(5, l.Score)
                    .Text(6, l.IdNumber).Text(7, lastText).Text(8, l.CreatedBy).Step();
            }
        }
        // After the upserts: a change set only removes links it does not write again.
        using (var removed = new SqliteRowStatement(connection, "DELETE FROM identity_links WHERE department = ?1 AND local_id = ?2"))
        {
            foreach (var (department, localId) in c.RemovedLinks)
                removed.Text(1, department).Text(2, localId).Step();
        }
        var sequences = new List<long>(c.Events.Count);
        using (var events = new SqliteRowStatement(connection, """
            INSERT INTO identity_events (type, resident_id, other_resident_id, source_refs, actor, reason, event_time)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """))
        {
            foreach (var e in c.Events)
                sequences.Add(events.Integer(1, (int)e.Type).Text(2, e.ResidentId).Text(3, e.OtherResidentId)
                    .Text(4, SourceRefs(e.Sources)).Text(5, e.Actor).Text(6, e.Reason)
                    .Text(7, at).Step());
        }
        foreach (var r in c.Reviews)
            await batch.Exec("""
                INSERT INTO review_items (review_id, state, decision, department, local_id, provisional_resident, item, created_at)
                VALUES ($id, $state, $decision, $dep, $local, $prov, $item, $at)
                ON CONFLICT (review_id) DO UPDATE SET state = excluded.state, item = excluded.item
                """, cancellationToken, ("$id", r.ReviewId), ("$state", (int)r.Item.State), ("$decision", (int)r.Item.Decision),
                ("$dep", r.Department), ("$local", r.LocalId), ("$prov", r.ProvisionalResidentId), ("$item", r.Item.ToByteArray()),
                ("$at", SqliteText.Time(r.Item.CreateTime.ToDateTimeOffset())));
        using (var outbox = new SqliteRowStatement(connection, "INSERT INTO cache_outbox (key) VALUES (?1)"))
        {
            foreach (var key in c.StaleCacheKeys)
                outbox.Text(1, key).Step();
        }
        if (c.Request is { } request)
            await batch.Exec("""
                INSERT INTO identity_requests (caller, request_id, response, created_at) VALUES ($c, $r, $resp, $at)
                ON CONFLICT DO NOTHING
                """, cancellationToken, ("$c", request.Caller), ("$r", request.RequestId), ("$resp", request.Response), ("$at", at));
        return sequences;
    }

    /// <inheritdoc />
    public async Task<LinkRow?> GetLinkAsync(string department, string localId, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {LinkColumns} FROM identity_links WHERE department = $dep AND local_id = $id", ReadLink, cancellationToken,
            ("$dep", department), ("$id", localId))).FirstOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<LinkRow>> LinksOfAsync(string residentId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {LinkColumns} FROM identity_links WHERE resident_id = $r ORDER BY department, local_id", ReadLink, cancellationToken,
            ("$r", residentId));

    /// <inheritdoc />
    public async Task<string?> ResidentOfIdNumberAsync(string idNumber, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT resident_id FROM identity_links WHERE id_number = $n ORDER BY created_at LIMIT 1", r => r.GetString(0),
            cancellationToken, ("$n", idNumber))).FirstOrDefault();

    /// <inheritdoc />
    public async Task<ResidentRow?> GetResidentAsync(string residentId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT resident_id, state, merged_into, created_at FROM residents WHERE resident_id = $r",
            r => new ResidentRow(r.GetString(0), r.GetString(1) == "merged", r.IsDBNull(2) ? null : r.GetString(2), r.ReadTime(3)),
            cancellationToken, ("$r", residentId))).FirstOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> AliasesOfAsync(string survivorId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT resident_id FROM residents WHERE merged_into = $r ORDER BY resident_id", r => r.GetString(0), cancellationToken,
            ("$r", survivorId));

    /// <inheritdoc />
    public Task<IReadOnlyList<EventRow>> EventsOfAsync(string residentId, CancellationToken cancellationToken) =>
        QueryAsync("""
            SELECT sequence, type, resident_id, other_resident_id, source_refs, actor, reason, event_time FROM identity_events
            WHERE resident_id = $r OR (other_resident_id = $r AND other_resident_id <> '') ORDER BY sequence
            """, r => new EventRow(r.GetInt64(0), (IdentityEventType)r.GetInt32(1), r.GetString(2), r.GetString(3),
                r.GetString(4).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('\t')).Select(p => (p[0], p[1])).ToList(),
                r.GetString(5), r.GetString(6), r.ReadTime(7)), cancellationToken, ("$r", residentId));

    /// <inheritdoc />
    public async Task<ReviewRow?> GetReviewAsync(string reviewId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT review_id, department, local_id, provisional_resident, item FROM review_items WHERE review_id = $id",
            ReadReview, cancellationToken, ("$id", reviewId))).FirstOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<ReviewRow>> ListReviewsAsync(ReviewState state, string? department, int offset, int limit,
        CancellationToken cancellationToken) =>
        QueryAsync("""
            SELECT review_id, department, local_id, provisional_resident, item FROM review_items
            WHERE ($state = 0 OR state = $state) AND ($dep IS NULL OR department = $dep)
            ORDER BY created_at, review_id LIMIT $limit OFFSET $offset
            """, ReadReview, cancellationToken, ("$state", (int)state), ("$dep", department), ("$limit", limit), ("$offset", offset));

    /// <inheritdoc />
    public Task<IReadOnlyList<ReviewRow>> OpenReviewsOfProvisionalAsync(string residentId, CancellationToken cancellationToken) =>
        QueryAsync("""
            SELECT review_id, department, local_id, provisional_resident, item FROM review_items
            WHERE state = $open AND provisional_resident = $r ORDER BY created_at, review_id
            """, ReadReview, cancellationToken, ("$open", (int)ReviewState.Open), ("$r", residentId));

    /// <inheritdoc />
    public async Task<byte[]?> GetResponseAsync(string caller, string requestId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT response FROM identity_requests WHERE caller = $c AND request_id = $r", r => (byte[])r.GetValue(0),
            cancellationToken, ("$c", caller), ("$r", requestId))).FirstOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<(long Id, string Key)>> PendingCacheKeysAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync("SELECT id, key FROM cache_outbox ORDER BY id LIMIT $limit", r => (r.GetInt64(0), r.GetString(1)), cancellationToken,
            ("$limit", limit));

    /// <inheritdoc />
    public async Task DeleteCacheKeysAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return;
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        await using (var batch = new CommandBatch(connection, tx))
        {
            foreach (var id in ids)
                await batch.Exec("DELETE FROM cache_outbox WHERE id = $id", cancellationToken, ("$id", id));
        }
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<(LinkRow Link, byte[] Payload)> LoadLinkedRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT l.department, l.local_id, l.resident_id, l.method, l.score, l.id_number, l.created_at, l.created_by, s.payload
            FROM identity_links l JOIN source_records s ON s.department = l.department AND s.local_id = l.local_id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return (ReadLink(reader), (byte[])reader.GetValue(8));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReviewRow>> OpenReviewsOfSourceAsync(string department, string localId, CancellationToken cancellationToken) =>
        QueryAsync("""
            SELECT review_id, department, local_id, provisional_resident, item FROM review_items
            WHERE state = $open AND department = $dep AND local_id = $id ORDER BY created_at, review_id
            """, ReadReview, cancellationToken, ("$open", (int)ReviewState.Open), ("$dep", department), ("$id", localId));

    /// <inheritdoc />
    public Task<IReadOnlyList<(string Department, string LocalId)>> DeletedLinkedRecordsAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync("""
            SELECT l.department, l.local_id FROM identity_links l
            JOIN source_records s ON s.department = l.department AND s.local_id = l.local_id
            WHERE s.deleted = 1 LIMIT $limit
            """, r => (r.GetString(0), r.GetString(1)), cancellationToken, ("$limit", limit));

    /// <inheritdoc />
    public Task<IReadOnlyList<(string Department, string LocalId, byte[] Payload)>> UnlinkedRecordsAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync("""
            SELECT s.department, s.local_id, s.payload FROM source_records s
            WHERE s.kind = $kind AND s.deleted = 0
              AND NOT EXISTS (SELECT 1 FROM identity_links l WHERE l.department = s.department AND l.local_id = s.local_id)
            LIMIT $limit
            """, r => (r.GetString(0), r.GetString(1), (byte[])r.GetValue(2)), cancellationToken, ("$kind", (int)RecordKind.Resident), ("$limit", limit));

    /// <inheritdoc />
    public async Task<UnsettledRecords> UnsettledRecordsAsync(IReadOnlyCollection<(string Department, string LocalId)> sources,
        CancellationToken cancellationToken)
    {
        var unlinked = new List<(string, string, byte[])>();
        var deletedLinked = new List<(string, string)>();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT s.kind, s.deleted, s.payload,
                   EXISTS (SELECT 1 FROM identity_links l WHERE l.department = s.department AND l.local_id = s.local_id)
            FROM source_records s WHERE s.department = $dep AND s.local_id = $id
            """).With("$dep", "").With("$id", "");
        command.Prepare();
        foreach (var (department, localId) in sources)
        {
            command.Parameters[0].Value = department;
            command.Parameters[1].Value = localId;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                continue;
            var (deleted, linked) = (reader.GetInt64(1) != 0, reader.GetInt64(3) != 0);
            if (deleted && linked)
                deletedLinked.Add((department, localId));
            else if (!deleted && !linked && reader.GetInt32(0) == (int)RecordKind.Resident)
                unlinked.Add((department, localId, (byte[])reader.GetValue(2)));
        }
        return new UnsettledRecords(unlinked, deletedLinked);
    }

    // "department\tlocal id" lines; a link event (most of them) has one source, so no LINQ or builder for it.
    private static string SourceRefs(IReadOnlyList<(string Department, string LocalId)> sources) => sources.Count == 1
        ? string.Concat(sources[0].Department, "\t", sources[0].LocalId)
        : string.Join('\n', sources.Select(s => $"{s.Department}\t{s.LocalId}"));

    private static LinkRow ReadLink(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), (LinkMethod)r.GetInt32(3),
        r.GetDouble(4), r.IsDBNull(5) ? null : r.GetString(5), r.ReadTime(6), r.GetString(7));

    private static ReviewRow ReadReview(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ReviewItem.Parser.ParseFrom((byte[])r.GetValue(4)));

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql);
        foreach (var (name, value) in parameters)
            command.With(name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }

}
