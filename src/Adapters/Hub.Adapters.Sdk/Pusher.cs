using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>Counts of acks received since the host started.</summary>
public sealed class PushCounters
{
    private long _accepted, _quarantined, _rejected, _duplicate;

    /// <summary>Records the hub committed and applied.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);
    /// <summary>Records the hub keeps in quarantine until a mapping arrives.</summary>
    public long Quarantined => Interlocked.Read(ref _quarantined);
    /// <summary>Records the hub refused for good.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);
    /// <summary>Records the hub had committed before (resent after a failure).</summary>
    public long Duplicate => Interlocked.Read(ref _duplicate);

    internal void Count(IngestStatus status)
    {
        switch (status)
        {
            case IngestStatus.Accepted: Interlocked.Increment(ref _accepted); break;
            case IngestStatus.Quarantined: Interlocked.Increment(ref _quarantined); break;
            case IngestStatus.Rejected: Interlocked.Increment(ref _rejected); break;
            default: Interlocked.Increment(ref _duplicate); break;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"accepted {Accepted}, quarantined {Quarantined}, rejected {Rejected}, duplicate {Duplicate}";
}

/// <summary>
/// Sends the outbox through IngestService.Push and moves the checkpoint as acks arrive. At most
/// <see cref="AdapterOptions.MaxInFlight"/> records are unacked at a time. Any failure ends the
/// stream; the next one starts again after the last acked sequence, so the hub sees every record,
/// in order, and acks a resent one as a duplicate.
/// </summary>
public sealed class Pusher(HubConnection hub, LocalState state, ChangeCollector collector, Registrar registrar, AdapterOptions options,
    TimeProvider time, ILogger<Pusher> logger)
{
    private long _latestAck;
    private long _lastProgress;

    /// <summary>Acks received since start.</summary>
    public PushCounters Counters { get; } = new();

    /// <summary>Pushes until cancelled, reopening the stream with backoff after any failure.</summary>
    public Task RunAsync(Func<CancellationToken, Task> register, CancellationToken cancellationToken) =>
        hub.RetryAsync("Push", async ct =>
        {
            try
            {
                await RunSessionAsync(ct);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound && !ct.IsCancellationRequested)
            {
                // The hub may have lost or not yet seen the registration: register again before the retry.
                await register(ct);
                throw;
            }
        }, cancellationToken);

    private async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The records go out as stored (OutboxPush): the same PushRequest on the wire without parsing and re-serialising each one.
        using var call = hub.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(OutboxPush.Method, null, hub.Call(session.Token));
        var window = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        var sent = state.Acked;
        // Several records per message when the hub takes them (it said so at registration): one stream message,
        // one flush and one ack message per batch instead of per record. A hub that did not say sends 0: one each.
        var perMessage = Math.Clamp(Math.Min(registrar.MaxPushBatch, options.PushBatch), 1, options.MaxInFlight);
        logger.LogInformation("Push stream open; sending after sequence {Sequence} ({Backlog} waiting), {PerMessage} record(s) per message",
            sent, state.Backlog, perMessage);
        var acks = Task.Run(() => ReadAcksAsync(call.ResponseStream, window, session.Token), session.Token);
        // A connection can die without either side of the stream noticing (a killed hub, a dropped
        // route): records in flight with no ack for AckTimeout end the session, and the retry resends them.
        Volatile.Write(ref _lastProgress, Environment.TickCount64);
        var watchdog = WatchAsync(() => Volatile.Read(ref sent), session.Token);
        // Every wait of the send loop also ends when the watchdog fires: a write on a connection that is
        // still being established does not always observe its cancellation token.
        // Most waits are already over (room in the window, a write buffered): those skip the WhenAny, which costs allocations per record.
        Task Guard(Task task) => task.IsCompletedSuccessfully ? Task.CompletedTask : GuardAsync(task);
        async Task GuardAsync(Task task)
        {
            if (await Task.WhenAny(task, watchdog) == watchdog && await watchdog)
                throw new TimeoutException($"no ack from the hub for {options.AckTimeout.TotalSeconds:0.#} s with records in flight");
            await task;
        }
        try
        {
            while (true)
            {
                var page = state.ReadOutbox(sent, 1000);
                if (page.Count == 0)
                {
                    // Idle: wait for new records, and notice at once when the ack side fails.
                    Save(Volatile.Read(ref _latestAck));
                    var wait = collector.Appended.WaitAsync(TimeSpan.FromSeconds(1), session.Token);
                    if (await Task.WhenAny(wait, acks) == acks)
                        await acks;
                    await Guard(wait);
                    continue;
                }
                for (var start = 0; start < page.Count; start += perMessage)
                {
                    var count = Math.Min(perMessage, page.Count - start);
                    // One window slot per record, taken before the message goes: at most MaxInFlight records unacked.
                    for (var slot = 0; slot < count; slot++)
                    {
                        while (true)
                        {
                            var room = window.WaitAsync(TimeSpan.FromSeconds(1), session.Token);
                            await Guard(room);
                            if (room.Result)
                                break;
                            if (acks.IsCompleted)
                                await acks;
                        }
                    }
                    var entries = new OutboxEntry[count];
                    for (var i = 0; i < count; i++)
                        entries[i] = page[start + i];
                    var request = new OutboxPush(options.Id, entries, Single: perMessage == 1);
                    // Counted as in flight before the write: a write to a dead connection can hang, and the watchdog must see it.
                    Volatile.Write(ref sent, page[start + count - 1].Sequence);
                    await Guard(call.RequestStream.WriteAsync(request, session.Token));
                }
            }
        }
        catch (OperationCanceledException) when (watchdog.IsCompletedSuccessfully && watchdog.Result && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no ack from the hub for {options.AckTimeout.TotalSeconds:0.#} s with records in flight");
        }
        finally
        {
            await session.CancelAsync();
            // Disposing the call resets its HTTP/2 stream, which ends a read that ignores the cancellation.
            call.Dispose();
            await watchdog;
            try
            {
                await acks.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (Exception e) when (session.IsCancellationRequested)
            {
                // The session is over either way; the failure that ended it is the one reported.
                logger.LogDebug("Ack reader ended with {Error}", HubConnection.Describe(e));
            }
        }
    }

    // Completes with true when records are in flight and no ack came for AckTimeout; with false when the session ends first.
    private async Task<bool> WatchAsync(Func<long> sent, CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(250, token);
                if (sent() > Volatile.Read(ref _latestAck)
                    && Environment.TickCount64 - Volatile.Read(ref _lastProgress) > options.AckTimeout.TotalMilliseconds)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReadAcksAsync(IAsyncStreamReader<PushResponse> responses, SemaphoreSlim window, CancellationToken cancellationToken)
    {
        var expected = state.Acked;
        var lastSaved = time.GetTimestamp();
        var pending = 0L;
        try
        {
            while (await responses.MoveNext(cancellationToken))
            {
                var response = responses.Current;
                // A hub answers batches with one message of acks, and may answer single records (or an older hub everything) one by one.
                if (response.Acks.Count == 0)
                    Acked(response.Sequence, response.Status, response.Reason);
                else
                    foreach (var ack in response.Acks)
                        Acked(ack.Sequence, ack.Status, ack.Reason);
                Volatile.Write(ref _latestAck, pending);
                Volatile.Write(ref _lastProgress, Environment.TickCount64);
                window.Release(Math.Max(1, response.Acks.Count));
                // Saving every ack would cost a disk flush each; a lost save only means a resend, acked as duplicate.
                if (time.GetElapsedTime(lastSaved) > TimeSpan.FromMilliseconds(250))
                {
                    Save(pending);
                    lastSaved = time.GetTimestamp();
                }
            }
            throw new RpcException(new Status(StatusCode.Unavailable, "the hub ended the Push stream"));
        }
        finally
        {
            Save(pending);
        }

        void Acked(long sequence, IngestStatus status, string reason)
        {
            if (sequence <= expected)
                throw new InvalidOperationException($"hub acked sequence {sequence} after {expected}");
            expected = sequence;
            pending = sequence;
            Counters.Count(status);
            if (status is IngestStatus.Rejected)
                logger.LogWarning("Record {Sequence} rejected by the hub: {Reason}", sequence, reason);
            else if (status is IngestStatus.Quarantined)
                logger.LogDebug("Record {Sequence} quarantined: {Reason}", sequence, reason);
        }
    }

    private void Save(long sequence)
    {
        if (sequence <= state.Acked)
            return;
        state.MarkAcked(sequence);
        collector.Drained.Release();
    }
}
