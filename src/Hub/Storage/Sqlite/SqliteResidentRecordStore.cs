using System.Collections.Concurrent;
using System.Globalization;
using Hub.Contracts.V1;
using Hub.Residents;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>The SQLite implementation of <see cref="IResidentRecordStore"/>: links joined with the records they point at.</summary>
/// <remarks>
/// Every GetResident reads one resident's records. That read runs on connections this store keeps open with the
/// statement prepared once (a few, reused by concurrent reads): a pooled connection and a new command per read
/// parsed and planned the join again every time. They are the store's own connections, outside the pool and without
/// the memory map (see <see cref="SqliteHubStore.OpenOwnReaderAsync"/>). Several residents at once (a search page)
/// take the general way.
/// </remarks>
public sealed class SqliteResidentRecordStore(SqliteHubStore store) : IResidentRecordStore, IDisposable
{
    private const string Select = """
        SELECT l.resident_id, s.department, s.local_id, s.payload, s.updated_at
        FROM identity_links l JOIN source_records s ON s.department = l.department AND s.local_id = l.local_id
        WHERE l.resident_id IN ({0}) AND s.deleted = 0 AND s.kind = $kind
        ORDER BY l.resident_id, s.department, s.local_id
        """;

    // More kept readers than this would only be idle: each read takes one for a fraction of a millisecond.
    private static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly ConcurrentQueue<OneResidentReader> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    /// <inheritdoc />
    public async Task<IReadOnlyList<PersonRecordRow>> PersonRecordsOfAsync(IReadOnlyCollection<string> residentIds, CancellationToken cancellationToken)
    {
        if (residentIds.Count == 0)
            return [];
        if (residentIds.Count == 1)
            return await OneAsync(residentIds.First(), cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = residentIds.Select((_, i) => "$r" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, Select, string.Join(',', names));
        var k = 0;
        foreach (var id in residentIds)
            command.With(names[k++], id);
        command.With("$kind", (int)RecordKind.Resident);
        using var reader = command.ExecuteReader();
        return Rows(reader);
    }

    private async Task<IReadOnlyList<PersonRecordRow>> OneAsync(string residentId, CancellationToken cancellationToken)
    {
        if (_idle.TryDequeue(out var kept))
            Interlocked.Decrement(ref _idleCount);
        else
            kept = await OneResidentReader.OpenAsync(store, cancellationToken);
        IReadOnlyList<PersonRecordRow> rows;
        try
        {
            rows = kept.Read(residentId);
        }
        catch
        {
            // A connection that failed is not trusted again.
            kept.Dispose();
            throw;
        }
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= MaxIdle)
        {
            _idle.Enqueue(kept);
            // Disposed meanwhile: what was just queued is closed too.
            if (_disposed)
                Dispose();
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
            kept.Dispose();
        }
        return rows;
    }

    private static List<PersonRecordRow> Rows(SqliteDataReader reader)
    {
        var rows = new List<PersonRecordRow>();
        while (reader.Read())
        {
            var record = IngestRecord.Parser.ParseFrom((byte[])reader.GetValue(3));
            if (record.Person is not null)
                rows.Add(new PersonRecordRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), record.Person, reader.ReadTime(4)));
        }
        return rows;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var kept))
            kept.Dispose();
    }

    // A connection of its own with the one-resident statement prepared on it. Synchronous reads: Microsoft.Data.Sqlite
    // runs its async methods synchronously anyway.
    private sealed class OneResidentReader(SqliteConnection connection, SqliteCommand command) : IDisposable
    {
        public static async Task<OneResidentReader> OpenAsync(SqliteHubStore store, CancellationToken cancellationToken)
        {
            var connection = await store.OpenOwnReaderAsync(cancellationToken);
            try
            {
                var command = connection.CreateCommand();
                command.CommandText = string.Format(CultureInfo.InvariantCulture, Select, "$r0");
                command.Parameters.Add(new SqliteParameter { ParameterName = "$r0" });
                command.Parameters.Add(new SqliteParameter { ParameterName = "$kind", Value = (int)RecordKind.Resident });
                command.Prepare();
                return new OneResidentReader(connection, command);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public List<PersonRecordRow> Read(string residentId)
        {
            command.Parameters[0].Value = residentId;
            using var reader = command.ExecuteReader();
            return Rows(reader);
        }

        public void Dispose()
        {
            command.Dispose();
            connection.Dispose();
        }
    }
}
