using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Federation;
using Hub.Ingest;

namespace Hub.Grpc;

/// <summary>IngestService.Push: records in (one or a batch per message), one ack per record out, each ack after its commit.</summary>
public sealed class IngestGrpcService(IngestProcessor processor, IAdapterRegistryStore registry, IIngestStore store, PushStreams streams,
    IHostApplicationLifetime lifetime) : IngestService.IngestServiceBase
{
    /// <inheritdoc />
    public override async Task Push(IAsyncStreamReader<PushRequest> requestStream, IServerStreamWriter<PushResponse> responseStream,
        ServerCallContext context)
    {
        var token = context.CancellationToken;
        if (!await requestStream.MoveNext(token))
            return;
        var adapterId = requestStream.Current.AdapterId;
        new RequestChecks().Required("adapter_id", adapterId, 64).ThrowIfInvalid();
        var adapter = await registry.GetAsync(adapterId, token)
            ?? throw RpcErrors.FailedPrecondition($"adapter {adapterId} is not registered; call AdapterRegistryService.Register first");

        using var lease = streams.TryOpen(adapterId)
            ?? throw RpcErrors.FailedPrecondition($"another Push stream of adapter {adapterId} is open; close it first");
        var checkpoint = new StrongBox<long>((await store.GetCheckpointAsync(adapterId, token))?.Sequence ?? 0);

        // One task reads the stream while the other commits: the records that arrive during a commit are
        // committed together in the next one. The bound keeps a fast sender from filling memory.
        var inbox = Channel.CreateBounded<IngestRecord>(new BoundedChannelOptions(2 * MaxCommit) { SingleReader = true, SingleWriter = true });
        // Set by the reader before it queues the first record that came in PushRequest.records: the channel
        // orders that write before this loop reads the record, so its acks already go out batched.
        var batched = new StrongBox<bool>();
        // A stopping hub reads no more records, commits and acks those it has, then ends the stream UNAVAILABLE: an
        // adapter keeps its stream open for days, and a stream left open held the hub's stop for its whole shutdown time.
        using var reads = CancellationTokenSource.CreateLinkedTokenSource(token, lifetime.ApplicationStopping);
        var reading = ReadAsync(requestStream, adapterId, inbox.Writer, batched, reads.Token);
        // Two batches are in the works at a time: while one is being linked (identity), the next is translated and
        // committed to the ingest store, so the two steps overlap instead of taking turns on the database's write lock
        // and the cores. Links are made one batch at a time, in order, and each batch is acked after its link.
        Task<IReadOnlyList<IngestAck>>? linking = null;
        try
        {
            while (true)
            {
                // Nothing else waiting: the batch being linked is acked now, not when the next one arrives.
                if (linking is not null && !inbox.Reader.TryPeek(out _))
                {
                    await WriteAcksAsync(responseStream, await linking, batched, token);
                    linking = null;
                }
                if (!await inbox.Reader.WaitToReadAsync(CancellationToken.None))
                    break;
                var batch = new List<IngestRecord>(Math.Min(MaxCommit, inbox.Reader.Count));
                while (batch.Count < MaxCommit && inbox.Reader.TryRead(out var record))
                    batch.Add(record);
                // The commit must not be abandoned half-way when the client goes away: the ack may be lost, the commit not.
                var stored = await processor.StoreAsync(adapterId, adapter.Department, batch, checkpoint, CancellationToken.None);
                if (linking is not null)
                    await WriteAcksAsync(responseStream, await linking, batched, token);
                linking = processor.LinkAsync(stored, CancellationToken.None);
            }
        }
        finally
        {
            // The stream is ending with its own error; the link still completes (stored records are linked either way:
            // by this task, or when the hub starts again).
            if (linking is not null)
                await ((Task)linking).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        try
        {
            await reading;
        }
        catch (OperationCanceledException) when (reads.IsCancellationRequested && lifetime.ApplicationStopping.IsCancellationRequested
                                                   && !token.IsCancellationRequested)
        {
            // Only the read the stop cancelled: a reader that failed for its own reason (a refused key, a bad message)
            // ends the stream with that status even if the hub is stopping meanwhile.
            throw new RpcException(new Status(StatusCode.Unavailable,
                "the hub is shutting down; every record acked so far is committed, the rest are to be sent again once it is back"));
        }
    }

    /// <summary>Most records taken in one PushRequest (RegisterResponse.max_push_batch).</summary>
    public const int MaxBatch = 1000;

    /// <summary>
    /// Most records of one stream stored and linked as one batch (those waiting when the previous batch was taken, up to this).
    /// A sync's identity transactions hold what the streams' batches bring: every record links into three or four
    /// random-key indexes, and a transaction writes each index page it touched once, so the more records share a
    /// transaction, the fewer pages each one costs. Measured on the adapter benchmark (800,180 rows, four adapters):
    /// 1,000 gave group transactions of about 1,800 links and ~34 us of commit CPU per link late in the sync; 5,000 (with
    /// the adapters' window at 10,000) about 8,000 links and ~21 us. A quiet stream still commits each record as it comes.
    /// </summary>
    public const int MaxCommit = 5000;

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    private static async Task WriteAcksAsync(IServerStreamWriter<PushResponse> responseStream, IReadOnlyList<IngestAck> acks,
        StrongBox<bool> batched, CancellationToken token)
    {
        if (Volatile.Read(ref batched.Value))
        {
            // An adapter that sends batches gets one message for the whole commit: one write, one audit pass.
            var response = new PushResponse();
            foreach (var ack in acks)
                response.Acks.Add(new PushAck
                {
                    Sequence = ack.Sequence, Status = ack.Status, Reason = ack.Reason,
                    ResidentId = ack.ResidentId, Decision = ack.Decision, ReviewId = ack.ReviewId,
                });
            responseStream.WriteOptions = null;
            await responseStream.WriteAsync(response, token);
            return;
        }
        // Every ack but the batch's last is buffered, so a batch costs one flush (one HTTP/2 DATA write and
        // syscall) instead of one per record; the last one flushes them all. They are all committed already.
        for (var i = 0; i < acks.Count; i++)
        {
            var ack = acks[i];
            responseStream.WriteOptions = i < acks.Count - 1 ? Buffered : null;
            await responseStream.WriteAsync(new PushResponse
            {
                Sequence = ack.Sequence, Status = ack.Status, Reason = ack.Reason,
                ResidentId = ack.ResidentId, Decision = ack.Decision, ReviewId = ack.ReviewId,
            }, token);
        }
    }

    private static async Task ReadAsync(IAsyncStreamReader<PushRequest> requestStream, string adapterId, ChannelWriter<IngestRecord> inbox,
        StrongBox<bool> batched, CancellationToken token)
    {
        try
        {
            do
            {
                var request = requestStream.Current;
                if (request.AdapterId != adapterId)
                    throw RpcErrors.InvalidArgument("adapter_id", $"changed within the stream from {adapterId} to {request.AdapterId}");
                if (request.Records.Count == 0)
                {
                    // A message without any record is acked REJECTED like a record without a sequence.
                    await inbox.WriteAsync(request.Record ?? new IngestRecord(), token);
                    continue;
                }
                if (request.Records.Count + (request.Record is null ? 0 : 1) > MaxBatch)
                    throw RpcErrors.InvalidArgument("records", $"at most {MaxBatch} records per message (RegisterResponse.max_push_batch)");
                Volatile.Write(ref batched.Value, true);
                if (request.Record is not null)
                    await inbox.WriteAsync(request.Record, token);
                foreach (var record in request.Records)
                    await inbox.WriteAsync(record, token);
            }
            while (await requestStream.MoveNext(token));
        }
        finally
        {
            // Records read before a failure are still committed and acked; the failure then ends the stream.
            inbox.TryComplete();
        }
    }
}

/// <summary>Allows one open Push stream per adapter, so two streams never interleave one adapter's sequence.</summary>
public sealed class PushStreams
{
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);

    /// <summary>A lease to dispose when the stream ends, or null when one is already open.</summary>
    public IDisposable? TryOpen(string adapterId)
    {
        lock (_open)
            return _open.Add(adapterId) ? new Lease(this, adapterId) : null;
    }

    private sealed class Lease(PushStreams owner, string adapterId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                lock (owner._open)
                    owner._open.Remove(adapterId);
        }
    }
}
