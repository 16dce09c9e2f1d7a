using Google.Protobuf;
using Hub.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Identity.Engine;

/// <summary>Department records as the engine tests need them: people with valid ID numbers, and rows in source_records.</summary>
internal static class StoredRecords
{
    /// <summary>A person with a valid ID number; the same <paramref name="person"/> is the same human in every department.</summary>
    public static (string Department, string LocalId, PersonRecord Person) Record(string department, string localId, int person)
    {
        var birth = new DateOnly(1980, 1, 1).AddDays(person * 37);
        var body = "330106" + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + (100 + person).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var k = 0; k < 17; k++)
            sum += (body[k] - '0') * weights[k];
        return (department, localId, new PersonRecord
        {
            Name = "张" + "伟芳娜敏静丽强磊军洋"[person % 10] + "明",
            IdNumber = body + "10X98765432"[sum % 11],
            BirthDate = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Writes (or overwrites) source_records rows of person 1, as ingest's first commit would.</summary>
    public static async Task PutAsync(string database, params (string Department, string LocalId, bool Deleted)[] rows)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT OR REPLACE INTO source_records (department, local_id, kind, payload, deleted, adapter_id, sequence, updated_at)
            VALUES ($dep, $id, $kind, $payload, $deleted, 'test', 1, '2026-01-01T00:00:00.0000000+00:00')
            """;
        foreach (var (department, localId, deleted) in rows)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$dep", department);
            insert.Parameters.AddWithValue("$id", localId);
            insert.Parameters.AddWithValue("$kind", (int)RecordKind.Resident);
            insert.Parameters.AddWithValue("$payload", new IngestRecord { Kind = RecordKind.Resident, Person = Record(department, localId, 1).Person }.ToByteArray());
            insert.Parameters.AddWithValue("$deleted", deleted ? 1 : 0);
            await insert.ExecuteNonQueryAsync();
        }
    }
}
