using Hub.Dictionaries;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>The SQLite implementation of <see cref="IMappingStore"/>.</summary>
public sealed class SqliteMappingStore(SqliteHubStore store) : IMappingStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> RecordDictionaryVersionsAsync(
        IReadOnlyList<(string Dictionary, string Version, int EntryCount)> versions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        var loaded = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (dictionary, version, count) in versions)
        {
            await using var insert = connection.Command("""
                INSERT INTO dictionary_versions (dictionary, version, entry_count, loaded_at) VALUES ($d, $v, $c, $t)
                ON CONFLICT (dictionary, version) DO NOTHING;
                SELECT loaded_at FROM dictionary_versions WHERE dictionary = $d AND version = $v;
                """, tx).With("$d", dictionary).With("$v", version).With("$c", count).With("$t", SqliteText.Time(now));
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            loaded[dictionary] = reader.ReadTime(0);
        }
        await tx.CommitAsync(cancellationToken);
        return loaded;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CodeMappingRow>> ListMappingsAsync(string? department, string? dictionary, int offset, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT department, dictionary, local_code, canonical_code, local_label, note, updated_by, updated_at
            FROM code_mappings
            WHERE ($dep IS NULL OR department = $dep) AND ($dict IS NULL OR dictionary = $dict)
            ORDER BY department, dictionary, local_code
            LIMIT $limit OFFSET $offset
            """).With("$dep", department).With("$dict", dictionary).With("$limit", limit).With("$offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CodeMappingRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new CodeMappingRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.ReadTime(7)));
        return rows;
    }

    /// <inheritdoc />
    public async Task<MappingChangeResult> ChangeMappingsAsync(IReadOnlyList<CodeMappingRow> puts, IReadOnlyList<LocalCodeKey> deletes,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        int applied = 0, deleted = 0;
        var changed = new List<LocalCodeKey>();
        foreach (var put in puts)
        {
            var before = await ReadAsync(connection, tx, put.Key, cancellationToken);
            if (before is not null && before.CanonicalCode == put.CanonicalCode && before.LocalLabel == put.LocalLabel && before.Note == put.Note)
                continue;
            await using (var upsert = connection.Command("""
                INSERT INTO code_mappings (department, dictionary, local_code, canonical_code, local_label, note, updated_by, updated_at)
                VALUES ($dep, $dict, $code, $canon, $label, $note, $by, $at)
                ON CONFLICT (department, dictionary, local_code) DO UPDATE SET
                    canonical_code = excluded.canonical_code, local_label = excluded.local_label, note = excluded.note,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, tx))
            {
                Bind(upsert, put.Key).With("$canon", put.CanonicalCode).With("$label", put.LocalLabel).With("$note", put.Note)
                    .With("$by", actor).With("$at", SqliteText.Time(now));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await HistoryAsync(connection, tx, put.Key, "put", before?.CanonicalCode, put.CanonicalCode, put.LocalLabel, put.Note, actor, now, cancellationToken);
            applied++;
            changed.Add(put.Key);
        }
        foreach (var key in deletes)
        {
            var before = await ReadAsync(connection, tx, key, cancellationToken);
            if (before is null)
                continue;
            await using (var delete = connection.Command(
                "DELETE FROM code_mappings WHERE department = $dep AND dictionary = $dict AND local_code = $code", tx))
            {
                await Bind(delete, key).ExecuteNonQueryAsync(cancellationToken);
            }
            await HistoryAsync(connection, tx, key, "delete", before.CanonicalCode, null, before.LocalLabel, before.Note, actor, now, cancellationToken);
            deleted++;
        }
        long requeued = 0;
        foreach (var key in changed)
        {
            await using var count = Bind(connection.Command("""
                SELECT count(*) FROM quarantine_codes qc JOIN quarantine q ON q.id = qc.quarantine_id
                WHERE q.state = 'waiting' AND qc.department = $dep AND qc.dictionary = $dict AND qc.local_code = $code
                """, tx), key);
            requeued += (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        await tx.CommitAsync(cancellationToken);
        return new MappingChangeResult(applied, deleted, requeued);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UnmappedCodeRow>> ListUnmappedAsync(string? department, string? dictionary, int offset, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT u.department, u.dictionary, u.local_code, u.local_label, u.seen_count,
                   (SELECT count(*) FROM quarantine_codes qc JOIN quarantine q ON q.id = qc.quarantine_id
                    WHERE q.state = 'waiting' AND qc.department = u.department AND qc.dictionary = u.dictionary
                      AND qc.local_code = u.local_code),
                   u.first_seen, u.last_seen, u.example_local_id
            FROM unmapped_codes u
            WHERE ($dep IS NULL OR u.department = $dep) AND ($dict IS NULL OR u.dictionary = $dict)
              AND NOT EXISTS (SELECT 1 FROM code_mappings m WHERE m.department = u.department
                              AND m.dictionary = u.dictionary AND m.local_code = u.local_code)
            ORDER BY u.seen_count DESC, u.department, u.dictionary, u.local_code
            LIMIT $limit OFFSET $offset
            """).With("$dep", department).With("$dict", dictionary).With("$limit", limit).With("$offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<UnmappedCodeRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new UnmappedCodeRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.ReadTime(6), reader.ReadTime(7), reader.GetString(8)));
        return rows;
    }

    private static SqliteCommand Bind(SqliteCommand command, LocalCodeKey key) =>
        command.With("$dep", key.Department).With("$dict", key.Dictionary).With("$code", key.LocalCode);

    private static async Task<CodeMappingRow?> ReadAsync(SqliteConnection connection, SqliteTransaction tx, LocalCodeKey key,
        CancellationToken cancellationToken)
    {
        await using var command = Bind(connection.Command("""
            SELECT canonical_code, local_label, note, updated_by, updated_at FROM code_mappings
            WHERE department = $dep AND dictionary = $dict AND local_code = $code
            """, tx), key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CodeMappingRow(key.Department, key.Dictionary, key.LocalCode, reader.GetString(0), reader.GetString(1),
                reader.GetString(2), reader.GetString(3), reader.ReadTime(4))
            : null;
    }

    private static async Task HistoryAsync(SqliteConnection connection, SqliteTransaction tx, LocalCodeKey key, string action,
        string? before, string? after, string label, string note, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Bind(connection.Command("""
            INSERT INTO code_mapping_history (department, dictionary, local_code, action, canonical_code_before,
                canonical_code_after, local_label, note, changed_by, changed_at)
            VALUES ($dep, $dict, $code, $action, $before, $after, $label, $note, $by, $at)
            """, tx), key).With("$action", action).With("$before", before).With("$after", after)
            .With("$label", label).With("$note", note).With("$by", actor).With("$at", SqliteText.Time(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
