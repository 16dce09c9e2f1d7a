using Hub.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Tests.Audit;

/// <summary>The audit log's stop when the host's shutdown time has already run out (a unit test of AuditLog; the store is a stand-in).</summary>
public sealed class AuditLogStopTests
{
    [Fact]
    public async Task Stop_ShutdownTimeAlreadyUp_StillWritesWhatIsQueuedAndDoesNotThrow()
    {
        var store = new SlowStore();
        var log = new AuditLog(store, NullLogger<AuditLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        log.Enqueue([Entry("R1")]);
        log.Enqueue([Entry("R2")]);

        await log.StopAsync(new CancellationToken(canceled: true));

        Assert.Equal(["R1", "R2"], store.Appended.Select(r => r.ResidentId));
    }

    private static AuditRecord Entry(string resident) =>
        new(DateTimeOffset.UnixEpoch, "caller", "purpose", resident, [], [], "/hub.v1.ResidentService/GetResident", "req", "OK");

    // Each append takes a moment, as a commit with its disk flush does.
    private sealed class SlowStore : IAuditStore
    {
        public List<AuditRecord> Appended { get; } = [];

        public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            await Task.Delay(200, CancellationToken.None);
            lock (Appended)
                Appended.AddRange(records);
        }

        public Task<IReadOnlyList<AuditEntryRow>> ListAsync(AuditQuery query, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuditEntryRow>> RangeAsync(long from, long to, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> LastSequenceAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
