using System.Threading.Channels;
using Hub.Cases;
using Hub.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>
/// The single writer of the case tables. Callers queue work; the writer takes everything queued (up to
/// <see cref="MaxBatch"/>), runs each piece in a savepoint of one transaction and commits once, so one
/// fsync covers many concurrent submissions. A task completes only after its commit, and the committed
/// events are then announced in sequence order. One failing piece rolls back to its savepoint alone.
/// </summary>
internal sealed class SqliteCaseWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly SqliteHubStore _store;
    private readonly ILogger _logger;
    private readonly Action<IReadOnlyList<CaseEvent>> _committed;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SqliteCaseWriter(SqliteHubStore store, ILogger logger, Action<IReadOnlyList<CaseEvent>> committed)
    {
        _store = store;
        _logger = logger;
        _committed = committed;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues <paramref name="body"/>; the task ends after the transaction holding it committed.</summary>
    public Task<T> RunAsync<T>(Func<SqliteCaseSession, T> body, CancellationToken cancellationToken)
    {
        var work = new Work<T>(body);
        if (!_queue.Writer.TryWrite(work))
            throw new ObjectDisposedException(nameof(SqliteCaseWriter), "the case store is shutting down");
        // Cancelling stops the wait, not the write: queued work may still commit.
        return work.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task LoopAsync()
    {
        var batch = new List<Work>(MaxBatch);
        SqliteConnection? connection = null;
        SqliteCaseSession? session = null;
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var work))
                batch.Add(work);
            // Held until COMMIT or ROLLBACK has run (the finally below).
            var writing = await _store.Writes.EnterAsync(CancellationToken.None);
            try
            {
                connection ??= await _store.OpenAsync(CancellationToken.None);
                session ??= new SqliteCaseSession(connection);
                session.Execute("BEGIN IMMEDIATE");
                foreach (var work in batch)
                    RunOne(session, work);
                session.Execute("COMMIT");
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Case store transaction of {Count} writes failed", batch.Count);
                try { session?.Execute("ROLLBACK"); } catch (SqliteException) { /* already rolled back by SQLite */ }
                session?.Dispose();
                if (connection is not null)
                    await connection.DisposeAsync();
                (session, connection) = (null, null);
                foreach (var work in batch.Where(w => w.Error is null))
                    work.Fail(ex);
                continue;
            }
            finally
            {
                writing.Dispose();
            }
            var events = new List<CaseEvent>();
            foreach (var work in batch)
            {
                if (work.Error is not null)
                {
                    work.Fail(work.Error);
                    continue;
                }
                events.AddRange(work.Events);
                work.Succeed();
            }
            if (events.Count > 0)
            {
                try { _committed(events); }
                catch (Exception ex) { _logger.LogError(ex, "Announcing {Count} committed case events failed", events.Count); }
            }
        }
        session?.Dispose();
        if (connection is not null)
            await connection.DisposeAsync();
    }

    private static void RunOne(SqliteCaseSession session, Work work)
    {
        session.Execute("SAVEPOINT work");
        session.Current = work.Events;
        try
        {
            work.Execute(session);
            session.Execute("RELEASE work");
        }
        catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 10 or 13 })
        {
            // Anything but an I/O error or a full disk belongs to this piece alone.
            session.Execute("ROLLBACK TO work");
            session.Execute("RELEASE work");
            work.Events.Clear();
            work.Error = ex;
        }
    }

    private abstract class Work
    {
        public List<CaseEvent> Events { get; } = [];

        public Exception? Error { get; set; }

        public abstract void Execute(SqliteCaseSession session);

        public abstract void Succeed();

        public abstract void Fail(Exception ex);
    }

    private sealed class Work<T>(Func<SqliteCaseSession, T> body) : Work
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override void Execute(SqliteCaseSession session) => _result = body(session);

        public override void Succeed() => _done.TrySetResult(_result);

        public override void Fail(Exception ex) => _done.TrySetException(ex);
    }
}
