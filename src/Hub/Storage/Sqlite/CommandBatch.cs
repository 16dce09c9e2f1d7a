using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>
/// Runs many statements in one transaction, preparing each distinct SQL text once and re-binding
/// its parameters: large change sets (an initial sync) cost one parse per statement kind, not per row.
/// </summary>
internal sealed class CommandBatch(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public async Task<int> Exec(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await Bind(sql, parameters).ExecuteNonQueryAsync(cancellationToken);

    public async Task<object?> Scalar(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await Bind(sql, parameters).ExecuteScalarAsync(cancellationToken);

    /// <summary>
    /// Inserts many rows with multi-row INSERT statements of up to <see cref="RowsPerStatement"/> rows:
    /// one statement step per chunk instead of one per row. <paramref name="suffix"/> follows the
    /// VALUES list (an ON CONFLICT clause, for instance).
    /// </summary>
    public async Task InsertRows(string table, string[] columns, IReadOnlyList<object?[]> rows, string suffix, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            var (sql, names) = Statement(table, columns, count, suffix);
            var parameters = new (string, object?)[names.Length];
            for (var r = 0; r < count; r++)
                for (var c = 0; c < columns.Length; c++)
                    parameters[r * columns.Length + c] = (names[r * columns.Length + c], rows[start + r][c]);
            await Exec(sql, cancellationToken, parameters);
        }
    }

    private readonly Dictionary<(string Table, int Count), (string Sql, string[] Names)> _statements = [];

    private (string Sql, string[] Names) Statement(string table, string[] columns, int count, string suffix)
    {
        if (_statements.TryGetValue((table, count), out var known))
            return known;
        var names = new string[count * columns.Length];
        for (var r = 0; r < count; r++)
            for (var c = 0; c < columns.Length; c++)
                names[r * columns.Length + c] = $"$p{r}_{c}";
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES "
            + string.Join(", ", Enumerable.Range(0, count).Select(r => "(" + string.Join(", ", names.AsSpan(r * columns.Length, columns.Length).ToArray()) + ")"))
            + " " + suffix;
        return _statements[(table, count)] = (sql, names);
    }

    /// <summary>
    /// Most rows in one multi-row INSERT. Small on purpose: Microsoft.Data.Sqlite looks each parameter up
    /// by name in the statement, so the cost per row grows with the statement's size (measured: 4 beats 1 and 16).
    /// </summary>
    public const int RowsPerStatement = 4;

    private SqliteCommand Bind(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.Command(sql, transaction);
            foreach (var (name, _) in parameters)
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            command.Prepare();
            _commands[sql] = command;
        }
        // By position: a lookup by name scans the collection, which costs dearly on multi-row statements.
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
            await command.DisposeAsync();
    }
}
