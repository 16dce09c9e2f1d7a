using System.Globalization;
using Hub.Contracts.V1;
using Hub.Residents;

namespace Hub.Storage.Sqlite;

/// <summary>The SQLite implementation of <see cref="IResidentRecordStore"/>: links joined with the records they point at.</summary>
public sealed class SqliteResidentRecordStore(SqliteHubStore store) : IResidentRecordStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<PersonRecordRow>> PersonRecordsOfAsync(IReadOnlyCollection<string> residentIds, CancellationToken cancellationToken)
    {
        if (residentIds.Count == 0)
            return [];
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = residentIds.Select((_, i) => "$r" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        command.CommandText = $"""
            SELECT l.resident_id, s.department, s.local_id, s.payload, s.updated_at
            FROM identity_links l JOIN source_records s ON s.department = l.department AND s.local_id = l.local_id
            WHERE l.resident_id IN ({string.Join(',', names)}) AND s.deleted = 0 AND s.kind = $kind
            ORDER BY l.resident_id, s.department, s.local_id
            """;
        var k = 0;
        foreach (var id in residentIds)
            command.With(names[k++], id);
        command.With("$kind", (int)RecordKind.Resident);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PersonRecordRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = IngestRecord.Parser.ParseFrom((byte[])reader.GetValue(3));
            if (record.Person is not null)
                rows.Add(new PersonRecordRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), record.Person, reader.ReadTime(4)));
        }
        return rows;
    }
}
