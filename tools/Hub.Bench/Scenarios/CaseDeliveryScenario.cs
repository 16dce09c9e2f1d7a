using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;

namespace Hub.Bench.Scenarios;

/// <summary>
/// Submission to delivery: N subscribers hold <c>WatchCases</c> streams open; one call submits a case and
/// ends when every subscriber has received its SUBMITTED event. Latency is therefore SubmitCase plus the
/// delivery to the slowest of the N subscribers.
/// </summary>
public sealed class CaseDeliveryScenario(int subscribers) : IScenario, IAsyncDisposable
{
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(30);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, Waiter> _waiting = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private CaseService.CaseServiceClient? _client;
    private long _calls;

    public string Name => "case-delivery";

    public string Description => $"SubmitCase, then wait until all {subscribers} WatchCases subscribers have its event";

    public async Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        _client = new CaseService.CaseServiceClient(channel);
        for (var i = 0; i < subscribers; i++)
        {
            var call = _client.WatchCases(new WatchCasesRequest(), cancellationToken: _stop.Token);
            _readers.Add(ReadAsync(call));
        }
        // Streams subscribe asynchronously: probe until one case reaches every subscriber.
        using var probeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probeLimit.CancelAfter(TimeSpan.FromMinutes(1));
        for (var probe = 0; ; probe++)
        {
            try
            {
                await CallAsync(-1, probe, probeLimit.Token, TimeSpan.FromSeconds(2));
                return;
            }
            catch (TimeoutException) when (!probeLimit.IsCancellationRequested)
            {
            }
        }
    }

    public Task CallAsync(int worker, long iteration, CancellationToken cancellationToken) =>
        CallAsync(worker, iteration, cancellationToken, DeliveryLimit);

    private async Task CallAsync(int worker, long iteration, CancellationToken cancellationToken, TimeSpan limit)
    {
        // The harness restarts iterations at 0 for each phase: number the calls here so every request id is new.
        var requestId = $"{_run}-d-{Interlocked.Increment(ref _calls)}";
        var waiter = new Waiter(subscribers);
        _waiting[requestId] = waiter;
        try
        {
            await _client!.SubmitCaseAsync(CaseSubmitScenario.Request(requestId, iteration), cancellationToken: cancellationToken);
            await waiter.Done.Task.WaitAsync(limit, cancellationToken);
        }
        finally
        {
            _waiting.TryRemove(requestId, out _);
        }
    }

    private async Task ReadAsync(AsyncServerStreamingCall<WatchCasesResponse> call)
    {
        using (call)
        {
            try
            {
                await foreach (var message in call.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    var e = message.Event;
                    if (e.Type == CaseEventType.Submitted && _waiting.TryGetValue(e.Snapshot.RequestId, out var waiter))
                        waiter.Arrived();
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || (ex is RpcException && _stop.IsCancellationRequested))
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers);
        _stop.Dispose();
    }

    private sealed class Waiter(int expected)
    {
        private int _left = expected;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arrived()
        {
            if (Interlocked.Decrement(ref _left) == 0)
                Done.TrySetResult();
        }
    }
}
