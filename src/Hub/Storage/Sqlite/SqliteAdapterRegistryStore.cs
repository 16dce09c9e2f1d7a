using Hub.Federation;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>The SQLite implementation of <see cref="IAdapterRegistryStore"/>.</summary>
public sealed class SqliteAdapterRegistryStore(SqliteHubStore store) : IAdapterRegistryStore
{
    private const string Columns = "adapter_id, department, version, capabilities, endpoint, registered_at, last_heartbeat_at, backlog";

    /// <inheritdoc />
    public async Task UpsertAsync(AdapterRegistration r, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            INSERT INTO adapters ({Columns}) VALUES ($id, $dep, $v, $caps, $ep, $reg, $hb, $backlog)
            ON CONFLICT (adapter_id) DO UPDATE SET department = excluded.department, version = excluded.version,
                capabilities = excluded.capabilities, endpoint = excluded.endpoint, registered_at = excluded.registered_at,
                last_heartbeat_at = excluded.last_heartbeat_at, backlog = excluded.backlog
            """).With("$id", r.AdapterId).With("$dep", r.Department).With("$v", r.Version)
            .With("$caps", string.Join(',', r.Capabilities)).With("$ep", r.Endpoint)
            .With("$reg", SqliteText.Time(r.RegisteredAt)).With("$hb", SqliteText.Time(r.LastHeartbeatAt)).With("$backlog", r.Backlog);
        await using var writing = await store.Writes.EnterAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> HeartbeatAsync(string adapterId, long backlog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "UPDATE adapters SET last_heartbeat_at = $hb, backlog = $backlog WHERE adapter_id = $id")
            .With("$hb", SqliteText.Time(now)).With("$backlog", backlog).With("$id", adapterId);
        await using var writing = await store.Writes.EnterAsync(cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <inheritdoc />
    public async Task<AdapterRegistration?> GetAsync(string adapterId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM adapters WHERE adapter_id = $id").With("$id", adapterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AdapterRegistration>> ListAsync(string? department, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {Columns} FROM adapters WHERE ($dep IS NULL OR department = $dep)
            ORDER BY department, adapter_id LIMIT $limit OFFSET $offset
            """).With("$dep", department).With("$limit", limit).With("$offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AdapterRegistration>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(Read(reader));
        return rows;
    }

    private static AdapterRegistration Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        reader.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList(),
        reader.GetString(4), reader.ReadTime(5), reader.ReadTime(6), reader.GetInt64(7));
}
