using Hub.Federation;
using Hub.Storage;
using Hub.Storage.Sqlite;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Storage;

public sealed class WriteGateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public void For_SamePath_SameGate_OtherPath_OtherGate()
    {
        var path = Path.Combine(_folder.Path, "a.db");

        Assert.Same(WriteGate.For(path), WriteGate.For(path));
        Assert.NotSame(WriteGate.For(path), WriteGate.For(Path.Combine(_folder.Path, "b.db")));
    }

    [Fact]
    public async Task EnterAsync_WhileHeld_WaitsUntilReleased_ThenInOrderOfArrival()
    {
        var gate = WriteGate.For(Path.Combine(_folder.Path, "order.db"));
        var order = new List<int>();
        var first = await gate.EnterAsync(default);
        var entries = Enumerable.Range(1, 3).Select(_ => gate.EnterAsync(default).AsTask()).ToList();
        var waiting = entries.Select(async (entry, i) =>
        {
            await using var held = await entry;
            lock (order)
                order.Add(i + 1);
        }).ToList();
        // Each reached its wait in order 1, 2, 3; none may get in while the gate is held.
        Assert.All(entries, e => Assert.False(e.IsCompleted));
        lock (order)
            Assert.Empty(order);

        first.Dispose();
        await Task.WhenAll(waiting);

        // Each adds its number while it holds the gate, so the list is the order the gate let them in.
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public async Task EnterAsync_Cancelled_DoesNotTakeTheGate()
    {
        var gate = WriteGate.For(Path.Combine(_folder.Path, "cancel.db"));
        var first = await gate.EnterAsync(default);
        using var cancel = new CancellationTokenSource();
        var second = gate.EnterAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        first.Dispose();
        // The cancelled wait left the gate free: the next one enters at once.
        var third = gate.EnterAsync(default);
        Assert.True(third.IsCompleted);
        (await third).Dispose();
    }

    [Fact]
    public async Task StoreWrite_WaitsForTheGate_HeldThroughAnotherStoreObjectOnTheSameFile()
    {
        var path = Path.Combine(_folder.Path, "hub.db");
        var owner = new SqliteHubStore(path, "full", 5, TimeProvider.System);
        await owner.MigrateAsync(default);
        var registry = new SqliteAdapterRegistryStore(new SqliteHubStore(path, "full", 5, TimeProvider.System));
        var now = DateTimeOffset.UtcNow;
        await registry.UpsertAsync(new AdapterRegistration("a1", "household", "1", [1], "http://127.0.0.1:1", now, now, 0), default);

        var held = await owner.Writes.EnterAsync(default);
        // Microsoft.Data.Sqlite runs a write synchronously: without the shared gate it would have finished here.
        var heartbeat = registry.HeartbeatAsync("a1", 42, now.AddSeconds(1), default);
        Assert.False(heartbeat.IsCompleted);

        held.Dispose();
        Assert.True(await heartbeat);
        Assert.Equal(42, (await registry.GetAsync("a1", default))!.Backlog);
    }
}
