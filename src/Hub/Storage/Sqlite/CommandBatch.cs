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
