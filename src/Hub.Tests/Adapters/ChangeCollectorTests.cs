using System.Runtime.CompilerServices;
using Hub.Adapters;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Adapters;

public sealed class ChangeCollectorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new();
    private readonly AdapterOptions _options = new() { PollInterval = TimeSpan.FromSeconds(1), DeleteScanInterval = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task RunAsync_OutboxHoldsRecords_DeleteScanWaitsUntilItDrains()
    {
        var (state, source, stop, run) = await StartWithBacklogAsync();
        using var _ = state;
        using var __ = stop;

        for (var i = 0; i < 5; i++)
            await PollOnceAsync(source, _options.PollInterval);
        Assert.Equal(0, source.Scans);

        state.MarkAcked(2);
        await PollOnceAsync(source, _options.PollInterval);
        await Eventually.TrueAsync(() => Task.FromResult(state.Backlog == 1), "the tombstone is queued");
        Assert.Equal(1, source.Scans);
        Assert.Equal("a", Assert.Single(state.ReadOutbox(2, 10)).LocalId);
        await StopAsync(stop, run);
    }

    [Fact]
    public async Task RunAsync_OutboxNeverDrains_DeleteScanRunsAfterTheLongestDeferral()
    {
        var (state, source, stop, run) = await StartWithBacklogAsync();
        using var _ = state;
        using var __ = stop;
        await PollOnceAsync(source, _options.PollInterval);
        Assert.Equal(0, source.Scans);

        await PollOnceAsync(source, _options.DeleteScanInterval * ChangeCollector.MaxDeleteScanDeferral);
        await Eventually.TrueAsync(() => Task.FromResult(state.Backlog == 3), "the tombstone is queued behind the backlog");
        Assert.Equal(1, source.Scans);
        await StopAsync(stop, run);
    }

    // A collector over rows a and b, both read into the outbox and not acknowledged yet; then a is deleted at the source.
    private async Task<(LocalState State, Source Source, CancellationTokenSource Stop, Task Run)> StartWithBacklogAsync()
    {
        var state = new LocalState(Path.Combine(_folder.Path, "state.db"));
        var source = new Source("household", ["a", "b"]);
        var stop = new CancellationTokenSource();
        var run = new ChangeCollector(source, state, _options, _time, NullLogger<ChangeCollector>.Instance).RunAsync(stop.Token);
        await Eventually.TrueAsync(() => Task.FromResult(state.Backlog == 2), "both rows are in the outbox");
        source.Delete("a");
        return (state, source, stop, run);
    }

    // Moves the fake clock until the collector has read the source once more. The clock moves again when the collector
    // had not started waiting yet (the move found no timer), so one poll may see a little more than `step` pass.
    private async Task PollOnceAsync(Source source, TimeSpan step)
    {
        var before = source.Reads;
        await Eventually.TrueAsync(() =>
        {
            if (source.Reads > before)
                return Task.FromResult(true);
            _time.Advance(step);
            return Task.FromResult(false);
        }, "the collector reads the source again");
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose() => _folder.Dispose();

    private sealed class Source(string department, IEnumerable<string> ids) : IDepartmentAdapter
    {
        private readonly List<string> _ids = [.. ids];
        private int _reads, _scans;

        public int Reads => Volatile.Read(ref _reads);

        public int Scans => Volatile.Read(ref _scans);

        public string Department => department;

        public IReadOnlyList<AdapterCapability> Capabilities => [AdapterCapability.IngestResidents];

        public IReadOnlyList<FacetDescriptor> Facets => [];

        public void Delete(string id)
        {
            lock (_ids)
                _ids.Remove(id);
        }

        public async IAsyncEnumerable<SourceChange> ReadChangesAsync(string cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            string[] ids;
            lock (_ids)
                ids = [.. _ids];
            var after = cursor.Length == 0 ? 0 : int.Parse(cursor);
            for (var i = after; i < ids.Length; i++)
            {
                yield return new SourceChange(new IngestRecord
                {
                    Kind = RecordKind.Resident,
                    SourceRef = new SourceRef { Department = department, LocalId = ids[i] },
                    Person = new PersonRecord { Name = ids[i] },
                }, (i + 1).ToString());
            }
            Interlocked.Increment(ref _reads);
        }

        public IAsyncEnumerable<string>? ReadLiveKeysAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _scans);
            string[] ids;
            lock (_ids)
                ids = [.. _ids];
            return ids.ToAsyncEnumerable();
        }

        public Task<GetFacetResponse> GetFacetAsync(GetFacetRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
