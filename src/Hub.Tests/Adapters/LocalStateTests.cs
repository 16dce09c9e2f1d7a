using Hub.Adapters;
using Hub.Tests.Helpers;

namespace Hub.Tests.Adapters;

public sealed class LocalStateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Properties_ReadWhileTheCollectorAppends_NeverTouchTheConnectionAtTheSameTime()
    {
        // The adapter's loops run side by side: the pusher reads Acked, Backlog and the cursor while the collector appends
        // on the same connection, which is not safe for two threads at once (it failed the sample run's first push once).
        using var state = new LocalState(Path.Combine(_folder.Path, "state.db"));
        using var done = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!done.IsCancellationRequested)
            {
                Assert.True(state.Backlog >= 0);
                Assert.True(state.Acked >= 0);
                _ = state.Cursor;
                reads++;
                reading.TrySetResult();
            }
            return reads;
        });
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var batch = 0; batch < 300; batch++)
            state.Append([.. Enumerable.Range(0, 20).Select(i => ($"r{batch}-{i}", $"t{batch}", new byte[] { (byte)i }, (long?)(batch * 100 + i)))], $"c{batch}");
        await done.CancelAsync();

        Assert.True(await reader > 0);
        Assert.Equal(6000, state.LastSequence);
        Assert.Equal("c299", state.Cursor);
    }

    [Fact]
    public void Append_UnchangedContentSkipped_ChangedGetsNextSequence_SurvivesReopen()
    {
        var path = Path.Combine(_folder.Path, "state.db");
        using (var state = new LocalState(path))
        {
            Assert.Equal(2, state.Append([("a", "t1", [1], 10), ("b", "t2", [2], 20)], "c1"));
            Assert.Equal(1, state.Append([("a", "t3", [1], 10), ("b", "t4", [3], 21)], "c2"));
            Assert.Equal(3, state.LastSequence);
        }
        using var reopened = new LocalState(path);
        Assert.Equal("c2", reopened.Cursor);
        Assert.Equal([(1L, "a"), (2L, "b"), (3L, "b")], reopened.ReadOutbox(0, 10).Select(e => (e.Sequence, e.LocalId)));
        reopened.MarkAcked(2);
        Assert.Equal([3L], reopened.ReadOutbox(0, 10).Select(e => e.Sequence));
        Assert.Equal(1, reopened.Backlog);
    }

    [Fact]
    public void Append_Tombstone_OnlyForPushedRecords_AndForgetsThem()
    {
        using var state = new LocalState(Path.Combine(_folder.Path, "state.db"));
        state.Append([("a", "", [1], 10)], "");
        Assert.Equal(1, state.Append([("a", "", [9], null), ("never-pushed", "", [9], null)], ""));
        Assert.Empty(state.KnownIds());
        // Back again after deletion: pushed again even with the old content.
        Assert.Equal(1, state.Append([("a", "", [1], 10)], ""));
    }

    [Fact]
    public void Reconcile_HubAhead_NeverReusesItsSequences()
    {
        using var state = new LocalState(Path.Combine(_folder.Path, "state.db"));
        state.Append([("a", "", [1], 1), ("b", "", [2], 2)], "");
        state.Reconcile(5);
        Assert.Equal(5, state.Acked);
        Assert.Empty(state.ReadOutbox(0, 10));
        state.Append([("c", "", [3], 3)], "");
        Assert.Equal(6, state.LastSequence);
    }

    public void Dispose() => _folder.Dispose();
}
