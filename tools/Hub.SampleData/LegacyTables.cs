using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Hub.SampleData;

/// <summary>Writes rows into a legacy table with multi-row INSERTs, on any ADO.NET provider.</summary>
internal sealed class LegacyTable(DbConnection connection, string table, params string[] columns)
{
    private const int RowsPerStatement = 100;
    private readonly List<object?[]> _pending = [];
    private DbTransaction? _transaction;

    /// <summary>Rows written.</summary>
    public int Count { get; private set; }

    /// <summary>Queues a row; values in column order, null for NULL.</summary>
    public void Add(params object?[] values)
    {
        if (values.Length != columns.Length)
            throw new ArgumentException($"{table}: {values.Length} values for {columns.Length} columns");
        _pending.Add(values);
        if (_pending.Count == RowsPerStatement)
            Flush();
    }

    /// <summary>Writes what is queued and commits.</summary>
    public void Complete()
    {
        Flush();
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
    }

    private void Flush()
    {
        if (_pending.Count == 0)
            return;
        _transaction ??= connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = _transaction;
        var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
        for (var r = 0; r < _pending.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                sql.Append(c == 0 ? name : ", " + name);
                var p = command.CreateParameter();
                p.ParameterName = name;
                p.Value = _pending[r][c] ?? DBNull.Value;
                command.Parameters.Add(p);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        command.ExecuteNonQuery();
        Count += _pending.Count;
        _pending.Clear();
    }
}
