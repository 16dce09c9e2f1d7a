using System.Collections.Concurrent;

namespace Hub.Storage.Sqlite;

/// <summary>
/// One writer at a time per SQLite file inside this process, queued in order of arrival.
/// </summary>
/// <remarks>
/// SQLite lets one transaction write at a time; a connection that finds the lock taken waits in its busy
/// handler, which sleeps 1, 2, 5, 10 ... up to 100 ms between tries and never learns that the lock came
/// free. The hub's writers (the ingest store, the identity group commit, the audit appender, the case
/// writer) are long and back to back during a sync: a profile of one showed its threads asleep in that
/// handler for 15.8 s of every 25 s while a core sat idle, and the identity writer, looping, took the lock
/// again before a sleeping ingest writer woke. Waiting here instead hands the lock over the moment it is
/// released, first come first served. The busy handler still covers writers in other processes (hubctl, a
/// second hub on the file). Gates are shared by every store object opened on the same file.
/// </remarks>
public sealed class WriteGate
{
    private static readonly ConcurrentDictionary<string, WriteGate> Gates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);

    private WriteGate()
    {
    }

    /// <summary>
    /// Ingest batches waiting for this gate (see <see cref="SqliteIngestStore.CommitAsync"/>): the next write transaction
    /// of the file that takes them writes them with its own, in one disk flush.
    /// </summary>
    internal ConcurrentQueue<SqliteIngestStore.PendingBatch> WaitingIngest { get; } = new();

    /// <summary>The gate of the database file at <paramref name="fullPath"/>.</summary>
    public static WriteGate For(string fullPath) => Gates.GetOrAdd(fullPath, _ => new WriteGate());

    /// <summary>Waits for the gate; dispose the result to release it (after the transaction has ended).</summary>
    public async ValueTask<Held> EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _lock.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return new Held(this);
    }

    /// <summary>Callers of <see cref="EnterAsync"/> waiting for the gate (for tests).</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    private int _waiting;

    /// <summary>Waits for the gate on the calling thread, for writers that run synchronously.</summary>
    public Held Enter()
    {
        _lock.Wait();
        return new Held(this);
    }

    /// <summary>The gate, held until disposed. Dispose once.</summary>
    public readonly struct Held(WriteGate gate) : IDisposable, IAsyncDisposable
    {
        /// <inheritdoc />
        public void Dispose() => gate._lock.Release();

        /// <inheritdoc />
        public ValueTask DisposeAsync()
        {
            gate._lock.Release();
            return ValueTask.CompletedTask;
        }
    }
}
