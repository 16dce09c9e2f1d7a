using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Federation;
using Hub.Ingest;

namespace Hub.Grpc;

/// <summary>IngestService.Push: records in, one ack per record out, each ack after its commit.</summary>
public sealed class IngestGrpcService(IngestProcessor processor, IAdapterRegistryStore registry, IIngestStore store, PushStreams streams)
    : IngestService.IngestServiceBase
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
        var inbox = Channel.CreateBounded<IngestRecord>(new BoundedChannelOptions(2 * MaxBatch) { SingleReader = true, SingleWriter = true });
        var reading = ReadAsync(requestStream, adapterId, inbox.Writer, token);
        var batch = new List<IngestRecord>(MaxBatch);
        while (await inbox.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && inbox.Reader.TryRead(out var record))
                batch.Add(record);
            // The commit must not be abandoned half-way when the client goes away: the ack may be lost, the commit not.
            var acks = await processor.ProcessBatchAsync(adapterId, adapter.Department, batch, checkpoint, CancellationToken.None);
            batch.Clear();
            foreach (var ack in acks)
                await responseStream.WriteAsync(new PushResponse
                {
                    Sequence = ack.Sequence, Status = ack.Status, Reason = ack.Reason,
                    ResidentId = ack.ResidentId, Decision = ack.Decision, ReviewId = ack.ReviewId,
                }, token);
        }
        await reading;
    }

    /// <summary>Most records committed in one transaction.</summary>
    public const int MaxBatch = 1000;

    private static async Task ReadAsync(IAsyncStreamReader<PushRequest> requestStream, string adapterId, ChannelWriter<IngestRecord> inbox,
        CancellationToken token)
    {
        try
        {
            do
            {
                var request = requestStream.Current;
                if (request.AdapterId != adapterId)
                    throw RpcErrors.InvalidArgument("adapter_id", $"changed within the stream from {adapterId} to {request.AdapterId}");
                await inbox.WriteAsync(request.Record ?? new IngestRecord(), token);
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
