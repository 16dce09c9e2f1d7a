using System.Runtime.CompilerServices;
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
        do
        {
            var request = requestStream.Current;
            if (request.AdapterId != adapterId)
                throw RpcErrors.InvalidArgument("adapter_id", $"changed within the stream from {adapterId} to {request.AdapterId}");
            var record = request.Record ?? new IngestRecord();
            // The commit must not be abandoned half-way when the client goes away: the ack may be lost, the commit not.
            var ack = await processor.ProcessAsync(adapterId, adapter.Department, record, checkpoint, CancellationToken.None);
            await responseStream.WriteAsync(new PushResponse
            {
                Sequence = ack.Sequence, Status = ack.Status, Reason = ack.Reason,
                ResidentId = ack.ResidentId, Decision = ack.Decision, ReviewId = ack.ReviewId,
            }, token);
        }
        while (await requestStream.MoveNext(token));
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
