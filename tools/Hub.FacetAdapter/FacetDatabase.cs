using System.Collections.Concurrent;
using System.Globalization;
using Hub.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace Hub.FacetAdapter;

/// <summary>
/// The department's facet data: a SQLite file with the fields it serves (<c>facet_fields</c>) and one
/// row per record and field (<c>facet_values</c>). Values are text; the field's type says how to read them.
/// </summary>
/// <remarks>
/// A facet read of one record (the hub asks for one per department and resident) runs on a few connections kept open
/// with the query prepared once: a pooled connection and a new command per read parsed and planned the join each time.
/// </remarks>
public sealed class FacetDatabase(string path) : IDisposable
{
    private const string ValuesSql = """
        SELECT v.local_id, v.field, v.value, f.value_type FROM facet_values v JOIN facet_fields f ON f.name = v.field
        WHERE v.local_id IN ({0})
        """;

    private static readonly int MaxKept = Math.Max(4, Environment.ProcessorCount * 2);
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    private readonly ConcurrentQueue<(SqliteConnection Connection, SqliteCommand Command)> _kept = new();
    private int _keptCount;
    private volatile bool _disposed;

    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Creates the tables when missing.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS facet_fields (
                name        TEXT PRIMARY KEY NOT NULL,
                description TEXT NOT NULL,
                value_type  TEXT NOT NULL CHECK (value_type IN ('text', 'integer', 'boolean', 'date')),
                sensitive   INTEGER NOT NULL DEFAULT 0
            ) STRICT;
            CREATE TABLE IF NOT EXISTS facet_values (
                local_id TEXT NOT NULL,
                field    TEXT NOT NULL REFERENCES facet_fields (name),
                value    TEXT NOT NULL,
                PRIMARY KEY (local_id, field)
            ) STRICT;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Declares a field.</summary>
    public async Task PutFieldAsync(string name, string description, string valueType, bool sensitive = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO facet_fields (name, description, value_type, sensitive) VALUES ($n, $d, $t, $s)
            ON CONFLICT (name) DO UPDATE SET description = excluded.description, value_type = excluded.value_type, sensitive = excluded.sensitive
            """;
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$d", description);
        command.Parameters.AddWithValue("$t", valueType);
        command.Parameters.AddWithValue("$s", sensitive ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets one record's value of a field.</summary>
    public async Task PutValueAsync(string localId, string field, string value, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO facet_values (local_id, field, value) VALUES ($l, $f, $v)
            ON CONFLICT (local_id, field) DO UPDATE SET value = excluded.value
            """;
        command.Parameters.AddWithValue("$l", localId);
        command.Parameters.AddWithValue("$f", field);
        command.Parameters.AddWithValue("$v", value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The fields served.</summary>
    public async Task<IReadOnlyList<FacetFieldDescriptor>> FieldsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, description, value_type, sensitive FROM facet_fields ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var fields = new List<FacetFieldDescriptor>();
        while (await reader.ReadAsync(cancellationToken))
        {
            fields.Add(new FacetFieldDescriptor
            {
                Name = reader.GetString(0), Description = reader.GetString(1), ValueType = TypeOf(reader.GetString(2)), Sensitive = reader.GetInt64(3) != 0,
            });
        }
        return fields;
    }

    /// <summary>
    /// The values of <paramref name="localIds"/>' records (the first record holding a field wins), or null
    /// when none of the records exists.
    /// </summary>
    public async Task<Dictionary<string, FacetValue>?> ValuesAsync(IReadOnlyList<string> localIds, CancellationToken cancellationToken)
    {
        if (localIds.Count == 1)
            return OneValues(localIds[0]);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = localIds.Select((_, i) => "$l" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, ValuesSql, string.Join(',', names));
        for (var i = 0; i < localIds.Count; i++)
            command.Parameters.AddWithValue(names[i], localIds[i]);
        using var reader = command.ExecuteReader();
        return Read(reader);
    }

    private Dictionary<string, FacetValue>? OneValues(string localId)
    {
        if (_kept.TryDequeue(out var kept))
        {
            Interlocked.Decrement(ref _keptCount);
        }
        else
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            var command = connection.CreateCommand();
            command.CommandText = string.Format(CultureInfo.InvariantCulture, ValuesSql, "$l0");
            command.Parameters.Add(new SqliteParameter { ParameterName = "$l0" });
            command.Prepare();
            kept = (connection, command);
        }
        Dictionary<string, FacetValue>? values;
        try
        {
            kept.Command.Parameters[0].Value = localId;
            using var reader = kept.Command.ExecuteReader();
            values = Read(reader);
        }
        catch
        {
            Close(kept);
            throw;
        }
        if (!_disposed && Interlocked.Increment(ref _keptCount) <= MaxKept)
        {
            _kept.Enqueue(kept);
            if (_disposed)
                Dispose();
        }
        else
        {
            Interlocked.Decrement(ref _keptCount);
            Close(kept);
        }
        return values;
    }

    private static Dictionary<string, FacetValue>? Read(SqliteDataReader reader)
    {
        Dictionary<string, FacetValue>? values = null;
        while (reader.Read())
        {
            values ??= new Dictionary<string, FacetValue>(StringComparer.Ordinal);
            values.TryAdd(reader.GetString(1), ValueOf(reader.GetString(2), reader.GetString(3)));
        }
        return values;
    }

    private static void Close((SqliteConnection Connection, SqliteCommand Command) kept)
    {
        kept.Command.Dispose();
        kept.Connection.Dispose();
    }

    /// <summary>Closes the connections kept for reads.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_kept.TryDequeue(out var kept))
            Close(kept);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static FacetValueType TypeOf(string type) => type switch
    {
        "integer" => FacetValueType.Integer,
        "boolean" => FacetValueType.Boolean,
        "date" => FacetValueType.Date,
        _ => FacetValueType.Text,
    };

    private static FacetValue ValueOf(string value, string type)
    {
        switch (type)
        {
            case "integer":
                return new FacetValue { Integer = long.Parse(value, CultureInfo.InvariantCulture) };
            case "boolean":
                return new FacetValue { Boolean = value is "1" or "true" };
            case "date":
                var d = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return new FacetValue { Date = new Date { Year = d.Year, Month = d.Month, Day = d.Day } };
            default:
                return new FacetValue { Text = value };
        }
    }
}
