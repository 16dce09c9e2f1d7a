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
            var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES "
                + string.Join(", ", Enumerable.Range(0, count).Select(r => "(" + string.Join(", ", columns.Select((_, c) => $"$p{r}_{c}")) + ")"))
                + " " + suffix;
            var parameters = new (string, object?)[count * columns.Length];
            for (var r = 0; r < count; r++)
                for (var c = 0; c < columns.Length; c++)
                    parameters[r * columns.Length + c] = ($"$p{r}_{c}", rows[start + r][c]);
            await Exec(sql, cancellationToken, parameters);
        }
    }

    /// <summary>Most rows in one multi-row INSERT.</summary>
    public const int RowsPerStatement = 100;

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
        foreach (var (name, value) in parameters)
            command.Parameters[name].Value = value ?? DBNull.Value;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
            await command.DisposeAsync();
    }
}
