using Hub.Addresses;
using Hub.Addresses.Registry;
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
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var tx = await store.BeginWriteAsync(connection, cancellationToken);
        await using (var batch = new CommandBatch(connection, tx))
        {
            await UpsertAsync(batch, addresses, SqliteText.Time(now), cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Upserts within the caller's transaction (the ingest commit writes a batch's addresses with its records).
    /// Each key is written once: the members of a household share their address, and re-running the upsert
    /// of a key already written in this batch would change nothing. <c>last_seen</c> is kept to the day (UTC): a
    /// known address is rewritten at most once a day, not once per record that names it (during a sync most
    /// records name a known address, and each rewrite dirtied a page of the table at random).
    /// </summary>
    internal static async Task UpsertAsync(CommandBatch batch, IReadOnlyList<StandardAddress> addresses, string at, CancellationToken cancellationToken)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in addresses)
        {
            if (!written.Add(a.NormalizedKey))
                continue;
            var p = a.Parsed;
            await batch.Exec(Upsert, cancellationToken,
                ("$id", a.AddressId), ("$key", a.NormalizedKey), ("$code", p.DivisionCode), ("$level", (int)p.Level),
                ("$province", p.Province), ("$city", p.City), ("$county", p.County), ("$township", p.Township),
                ("$community", p.Community), ("$road", p.Road), ("$number", p.RoadNumber), ("$estate", p.Estate),
                ("$building", p.Building), ("$unit", p.Unit), ("$floor", p.Floor), ("$room", p.Room),
                ("$search", a.SearchText), ("$raw", p.Text), ("$confidence", p.Confidence), ("$at", at));
        }
    }

    private const string Upsert = $"""
        INSERT INTO standard_addresses ({Columns})
        VALUES ($id, $key, $code, $level, $province, $city, $county, $township, $community, $road, $number, $estate,
                $building, $unit, $floor, $room, $search, $raw, $confidence, $at, $at)
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
