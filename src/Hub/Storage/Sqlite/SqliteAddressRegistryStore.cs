using Hub.Addresses;
using Hub.Addresses.Registry;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>The SQLite implementation of <see cref="IAddressRegistryStore"/>.</summary>
public sealed class SqliteAddressRegistryStore(SqliteHubStore store) : IAddressRegistryStore
{
    private const string Columns = """
        address_id, normalized_key, division_code, division_level, province, city, county, township, community,
        road, road_number, estate, building, unit, floor, room, search_text, raw_text, confidence, first_seen, last_seen
        """;

    /// <inheritdoc />
    public async Task UpsertAsync(IReadOnlyList<StandardAddress> addresses, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = SqliteText.Time(now);
        await using var connection = await store.OpenAsync(cancellationToken);
        var unwritten = await NotWrittenTodayAsync(connection, addresses, at, cancellationToken);
        if (unwritten.Count == 0)
            return;
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        Upsert(connection, unwritten, at);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The entries to write: each key once (the members of a household share their address), without those
    /// the registry already holds with <c>last_seen</c> on the day of <paramref name="at"/>. <c>last_seen</c> is kept
    /// to the day (UTC): a known address is rewritten at most once a day, not once per record that names it. Read
    /// before the write transaction (on any connection of the store), so the write lock is not held for the lookups:
    /// during a sync most records name a known address, and upserting each of them inside the ingest transaction
    /// took 17 % of the time the lock was held (7.5 of 43.5 s for 400,000 rows). Addresses are never deleted, so
    /// an entry found here is still there when the transaction writes.
    /// </summary>
    internal static async Task<IReadOnlyList<StandardAddress>> NotWrittenTodayAsync(SqliteConnection connection,
        IReadOnlyList<StandardAddress> addresses, string at, CancellationToken cancellationToken)
    {
        if (addresses.Count == 0)
            return addresses;
        var byKey = new Dictionary<string, StandardAddress>(StringComparer.Ordinal);
        foreach (var a in addresses)
            byKey.TryAdd(a.NormalizedKey, a);
        await using var command = connection.Command("""
            SELECT normalized_key FROM standard_addresses
            WHERE normalized_key IN (SELECT value FROM json_each($keys)) AND substr(last_seen, 1, 10) = $day
            """).With("$keys", JsonSerializer.Serialize(byKey.Keys)).With("$day", at[..10]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            byKey.Remove(reader.GetString(0));
        return [.. byKey.Values];
    }

    /// <summary>
    /// Upserts within the caller's write transaction (the ingest commit writes a batch's addresses with its records):
    /// inserts new keys, moves <c>last_seen</c> of known ones to today. Pass the result of <see cref="NotWrittenTodayAsync"/>.
    /// </summary>
    internal static void Upsert(SqliteConnection connection, IReadOnlyList<StandardAddress> addresses, string at)
    {
        if (addresses.Count == 0)
            return;
        using var upsert = new SqliteRowStatement(connection, UpsertSql);
        foreach (var a in addresses)
        {
            var p = a.Parsed;
            upsert.Text(1, a.AddressId).Text(2, a.NormalizedKey).Text(3, p.DivisionCode).Integer(4, (int)p.Level)
                .Text(5, p.Province).Text(6, p.City).Text(7, p.County).Text(8, p.Township).Text(9, p.Community).Text(10, p.Road)
                .Text(11, p.RoadNumber).Text(12, p.Estate).Text(13, p.Building).Text(14, p.Unit).Text(15, p.Floor).Text(16, p.Room)
                .Text(17, a.SearchText).Text(18, p.Text).Real(19, p.Confidence).Text(20, at).Step();
        }
    }

    private const string UpsertSql = $"""
        INSERT INTO standard_addresses ({Columns})
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20)
        ON CONFLICT (normalized_key) DO UPDATE SET last_seen = excluded.last_seen
            WHERE substr(standard_addresses.last_seen, 1, 10) <> substr(excluded.last_seen, 1, 10)
        """;

    /// <inheritdoc />
    public async Task<StandardAddress?> GetAsync(string addressId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM standard_addresses WHERE address_id = $id").With("$id", addressId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StandardAddress>> SearchAsync(string? divisionPrefix, string? textPrefix, int offset, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {Columns} FROM standard_addresses
            WHERE ($lo IS NULL OR (division_code >= $lo AND division_code < $hi))
              AND ($text IS NULL OR search_text LIKE $text ESCAPE '\')
            ORDER BY division_code, search_text, address_id
            LIMIT $limit OFFSET $offset
            """).With("$lo", divisionPrefix).With("$hi", divisionPrefix is null ? null : divisionPrefix + ":").With("$text", textPrefix is null ? null : Like(textPrefix))
            .With("$limit", limit).With("$offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<StandardAddress>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(Read(reader));
        return rows;
    }

    // A prefix pattern with LIKE's own wildcards escaped. (Division codes are digits: a range, which the index serves; ':' sorts after '9'.)
    private static string Like(string prefix) =>
        prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private static StandardAddress Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1),
        new ParsedAddress
        {
            DivisionCode = r.GetString(2), Level = (DivisionLevel)r.GetInt32(3), Province = r.GetString(4), City = r.GetString(5),
            County = r.GetString(6), Township = r.GetString(7), Community = r.GetString(8), Road = r.GetString(9),
            RoadNumber = r.GetString(10), Estate = r.GetString(11), Building = r.GetString(12), Unit = r.GetString(13),
            Floor = r.GetString(14), Room = r.GetString(15), Text = r.GetString(17), Confidence = r.GetDouble(18),
            NormalizedKey = r.GetString(1),
        },
        r.GetString(16), r.ReadTime(19), r.ReadTime(20));
}
