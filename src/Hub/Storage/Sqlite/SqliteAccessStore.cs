using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;
using Hub.Security;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>The SQLite implementation of <see cref="IAccessStore"/>.</summary>
public sealed class SqliteAccessStore(SqliteHubStore store) : IAccessStore
{
    private const string KeyColumns = "key_id, caller, hash, created_at, expires_at, revoked_at, created_by, rotated_from";

    /// <inheritdoc />
    public async Task<long> ChangeCounterAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT counter FROM access_changes WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyRow>> AllKeysAsync(CancellationToken cancellationToken) =>
        QueryKeysAsync($"SELECT {KeyColumns} FROM api_keys", _ => { }, cancellationToken);

    /// <inheritdoc />
    public async Task<ApiKeyRow?> GetKeyAsync(string keyId, CancellationToken cancellationToken) =>
        (await QueryKeysAsync($"SELECT {KeyColumns} FROM api_keys WHERE key_id = $id", c => c.With("$id", keyId), cancellationToken))
        .FirstOrDefault();

    /// <inheritdoc />
    public async Task AddKeyAsync(ApiKeyRow key, (string KeyId, DateTimeOffset ExpiresAt)? shortenPrevious, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        await using (var insert = connection.Command($"INSERT INTO api_keys ({KeyColumns}) VALUES ($id, $caller, $hash, $created, $expires, NULL, $by, $from)", tx)
            .With("$id", key.KeyId).With("$caller", key.Caller).With("$hash", key.Hash).With("$created", SqliteText.Time(key.CreatedAt))
            .With("$expires", key.ExpiresAt is { } e ? SqliteText.Time(e) : null).With("$by", key.CreatedBy).With("$from", key.RotatedFrom))
            await insert.ExecuteNonQueryAsync(cancellationToken);
        if (shortenPrevious is { } previous)
        {
            await using var shorten = connection.Command("UPDATE api_keys SET expires_at = $e WHERE key_id = $id AND (expires_at IS NULL OR expires_at > $e)", tx)
                .With("$e", SqliteText.Time(previous.ExpiresAt)).With("$id", previous.KeyId);
            await shorten.ExecuteNonQueryAsync(cancellationToken);
        }
        await BumpAsync(connection, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        int found;
        await using (var revoke = connection.Command("UPDATE api_keys SET revoked_at = coalesce(revoked_at, $now) WHERE key_id = $id", tx)
            .With("$now", SqliteText.Time(now)).With("$id", keyId))
            found = await revoke.ExecuteNonQueryAsync(cancellationToken);
        await BumpAsync(connection, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return found > 0;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyRow>> ListKeysAsync(string? caller, int offset, int limit, CancellationToken cancellationToken) =>
        QueryKeysAsync($"""
            SELECT {KeyColumns} FROM api_keys WHERE ($caller IS NULL OR caller = $caller)
            ORDER BY caller, created_at, key_id LIMIT $limit OFFSET $offset
            """, c => c.With("$caller", caller).With("$limit", limit).With("$offset", offset), cancellationToken);

    /// <inheritdoc />
    public async Task<CallerPolicy> PutPolicyAsync(CallerPolicy policy, string updatedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        long version;
        await using (var read = connection.Command("SELECT version FROM caller_policies WHERE caller = $c", tx).With("$c", policy.Caller))
            version = (long)(await read.ExecuteScalarAsync(cancellationToken) ?? 0L) + 1;
        var stored = Stamp(policy, version, updatedBy, now);
        await using (var write = connection.Command("""
            INSERT INTO caller_policies (caller, version, policy, updated_at, updated_by) VALUES ($c, $v, $p, $t, $by)
            ON CONFLICT (caller) DO UPDATE SET version = excluded.version, policy = excluded.policy,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, tx).With("$c", stored.Caller).With("$v", version).With("$p", stored.ToByteArray())
            .With("$t", SqliteText.Time(now)).With("$by", updatedBy))
            await write.ExecuteNonQueryAsync(cancellationToken);
        await BumpAsync(connection, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return stored;
    }

    /// <inheritdoc />
    public async Task<bool> AddPolicyIfMissingAsync(CallerPolicy policy, string updatedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        var stored = Stamp(policy, 1, updatedBy, now);
        int added;
        await using (var write = connection.Command("""
            INSERT INTO caller_policies (caller, version, policy, updated_at, updated_by) VALUES ($c, 1, $p, $t, $by)
            ON CONFLICT (caller) DO NOTHING
            """, tx).With("$c", stored.Caller).With("$p", stored.ToByteArray()).With("$t", SqliteText.Time(now)).With("$by", updatedBy))
            added = await write.ExecuteNonQueryAsync(cancellationToken);
        if (added > 0)
            await BumpAsync(connection, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return added > 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallerPolicy>> AllPoliciesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT policy FROM caller_policies ORDER BY caller");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var policies = new List<CallerPolicy>();
        while (await reader.ReadAsync(cancellationToken))
            policies.Add(CallerPolicy.Parser.ParseFrom((byte[])reader.GetValue(0)));
        return policies;
    }

    private static CallerPolicy Stamp(CallerPolicy policy, long version, string updatedBy, DateTimeOffset now)
    {
        var stored = policy.Clone();
        stored.Version = version;
        stored.UpdatedBy = updatedBy;
        stored.UpdateTime = Timestamp.FromDateTimeOffset(now);
        return stored;
    }

    private static async Task BumpAsync(SqliteConnection connection, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        await using var bump = connection.Command("UPDATE access_changes SET counter = counter + 1 WHERE id = 1", tx);
        await bump.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ApiKeyRow>> QueryKeysAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ApiKeyRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new ApiKeyRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.ReadTime(3),
                reader.IsDBNull(4) ? null : reader.ReadTime(4), reader.IsDBNull(5) ? null : reader.ReadTime(5),
                reader.GetString(6), reader.GetString(7)));
        return rows;
    }
}
