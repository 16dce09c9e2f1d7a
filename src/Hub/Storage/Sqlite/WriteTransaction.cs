using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>
/// A write transaction of the hub's store, begun inside the file's <see cref="WriteGate"/> by
/// <see cref="SqliteHubStore.BeginWriteAsync"/>. Disposing it rolls back what was not committed, then leaves the gate,
/// so no writer can forget either. It stands in for its <see cref="SqliteTransaction"/> wherever one is expected.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly WriteGate.Held _gate;

    internal WriteTransaction(SqliteTransaction transaction, WriteGate.Held gate)
    {
        Transaction = transaction;
        _gate = gate;
    }

    /// <summary>The SQLite transaction.</summary>
    public SqliteTransaction Transaction { get; }

    /// <summary>Commits the transaction (the gate is left on disposal).</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    /// <summary>The SQLite transaction, for commands and batches.</summary>
    public static implicit operator SqliteTransaction(WriteTransaction write) => write.Transaction;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            _gate.Dispose();
        }
    }
}
