using System.Threading.Channels;

namespace Hub.Audit;

/// <summary>Writes audit entries. Domain code and services record resident reads through this.</summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="records"/>; returns once they are durable in the chain.</summary>
    Task RecordAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// Queues <paramref name="records"/> without waiting (for streamed answers, where each message cannot wait for a
    /// commit). They are durable within one batch, normally milliseconds; records still queued when the process is
    /// killed are lost, which the log cannot show (a graceful stop writes them).
    /// </summary>
    void Enqueue(IReadOnlyList<AuditRecord> records);
}

/// <summary>
/// Group commit: concurrent callers' entries are appended together in one transaction by one writer, so the cost of
/// a durable append is shared, and the chain has a single writer per process.
/// </summary>
public sealed class AuditLog(IAuditStore store, ILogger<AuditLog> logger) : IAuditLog, IHostedService
{
    private const int MaxBatch = 1000;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;

    private sealed record Pending(IReadOnlyList<AuditRecord> Records, TaskCompletionSource? Done);

    /// <inheritdoc />
    public Task RecordAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
            return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(records, done)))
            throw new InvalidOperationException("the audit log is stopped");
        // The caller may give up waiting; the entry is still written (a read that was answered stays on record).
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Enqueue(IReadOnlyList<AuditRecord> records)
    {
        if (records.Count > 0 && !_queue.Writer.TryWrite(new Pending(records, null)))
            logger.LogError("Audit entries arrived after the audit log stopped; {Count} entries not written", records.Count);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// How long a stop waits for the entries still queued once the host's own shutdown time is up: they are records
    /// of reads that were answered, worth a few seconds more; a store that hangs must still not keep the process alive.
    /// </summary>
    internal static readonly TimeSpan FlushGrace = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_writer is null)
            return;
        try
        {
            await _writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown time ran out before this service's turn (long calls still open, say). Throwing here
            // ended the process with an unhandled exception and dropped whatever was queued.
            logger.LogWarning("Shutdown time is up; writing the audit entries still queued (for at most {Grace})", FlushGrace);
            try
            {
                await _writer.WaitAsync(FlushGrace);
            }
            catch (TimeoutException)
            {
                logger.LogError("Audit entries still queued after {Grace} more are not written: the store did not take them", FlushGrace);
            }
        }
    }

    // On the pool, awaiting entries. A thread of its own for the writer (whose commits block in fsync) was tried and
    // measured no better: lookup-source at 64 callers cost 190 us of CPU per call either way.
    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>();
        var records = new List<AuditRecord>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var count = 0;
            while (count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Records.Count;
            }
            try
            {
                records.Clear();
                foreach (var p in batch)
                    records.AddRange(p.Records);
                await store.AppendAsync(records, CancellationToken.None);
                foreach (var p in batch)
                    p.Done?.TrySetResult();
            }
            catch (Exception ex)
            {
                // The read that waits fails with it (it must not be answered unrecorded); queued-only entries are logged.
                logger.LogError(ex, "Writing {Count} audit entries failed", count);
                foreach (var p in batch)
                    p.Done?.TrySetException(ex);
            }
        }
    }

}
