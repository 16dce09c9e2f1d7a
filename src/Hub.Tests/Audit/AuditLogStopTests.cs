using Hub.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Tests.Audit;

/// <summary>The audit log's stop when the host's shutdown time has already run out (a unit test of AuditLog; the store is a stand-in).</summary>
public sealed class AuditLogStopTests
{
    [Fact]
    public async Task Stop_ShutdownTimeAlreadyUp_StillWritesWhatIsQueuedAndDoesNotThrow()
    {
        var store = new HeldStore();
        var log = new AuditLog(store, NullLogger<AuditLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        log.Enqueue([Entry("R1")]);
        log.Enqueue([Entry("R2")]);
        await store.Writing.Task;

        // The stop comes while the writer is still in its commit, which it finishes only afterwards.
        var stopping = log.StopAsync(new CancellationToken(canceled: true));
        store.Release.SetResult();
        await stopping;

        Assert.Equal(["R1", "R2"], store.Appended.Select(r => r.ResidentId));
    }

    private static AuditRecord Entry(string resident) =>
        new(DateTimeOffset.UnixEpoch, "caller", "purpose", resident, [], [], "/hub.v1.ResidentService/GetResident", "req", "OK");

    // Its first append waits until the test releases it, as a commit waits for its disk flush.
    private sealed class HeldStore : IAuditStore
    {
        public List<AuditRecord> Appended { get; } = [];

        public TaskCompletionSource Writing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            Writing.TrySetResult();
            await Release.Task;
            lock (Appended)
                Appended.AddRange(records);
        }

        public Task<IReadOnlyList<AuditEntryRow>> ListAsync(AuditQuery query, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuditEntryRow>> RangeAsync(long from, long to, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> LastSequenceAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
