using Hub.Storage;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Storage;

public sealed class SqliteHubStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private SqliteHubStore NewStore(string file = "hub.db") =>
        new(Path.Combine(_folder.Path, "nested", file), "full", 5, TimeProvider.System);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task MigrateAsync_EmptyFile_ReachesLatestVersion()
    {
        var store = NewStore();

        Assert.Equal(0, await store.GetSchemaVersionAsync(default));
        var version = await store.MigrateAsync(default);

        Assert.Equal(store.LatestSchemaVersion, version);
        Assert.Equal(store.LatestSchemaVersion, await store.GetSchemaVersionAsync(default));
        Assert.True(File.Exists(store.Location));
    }

    [Fact]
    public async Task MigrateAsync_ExistingFile_ReopensAtLatestWithoutRerunningSteps()
    {
        var first = NewStore();
        await first.MigrateAsync(default);
        var instance = await ReadInstanceIdAsync(first);
        SqliteConnection.ClearAllPools();

        var reopened = NewStore();
        Assert.Equal(reopened.LatestSchemaVersion, await reopened.GetSchemaVersionAsync(default));
        Assert.Equal(reopened.LatestSchemaVersion, await reopened.MigrateAsync(default));

        // Step 1 inserts a random instance id: had it run again, the insert would have failed or changed it.
        Assert.Equal(instance, await ReadInstanceIdAsync(reopened));
        Assert.Equal(reopened.LatestSchemaVersion, await CountHistoryAsync(reopened));
    }

    [Fact]
    public async Task OpenAsync_AnyConnection_UsesWriteAheadLog()
    {
        var store = NewStore();
        await store.MigrateAsync(default);

        await using var connection = await store.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OpenOwnAsync_SmallCache_IsSetUpLikeThePoolAndNeverReturnsToIt()
    {
        var store = NewStore();
        await store.MigrateAsync(default);

        await using (var own = await store.OpenOwnAsync(2048, default))
        {
            Assert.Equal(-2048L, await PragmaAsync(own, "cache_size"));
            Assert.Equal("wal", await PragmaAsync(own, "journal_mode"));
            Assert.Equal(2L, await PragmaAsync(own, "synchronous"));
            Assert.Equal(1L, await PragmaAsync(own, "foreign_keys"));
            Assert.Equal(5000L, await PragmaAsync(own, "busy_timeout"));
        }

        // Had the connection gone back to the pool, this open would get it again, already marked as set up, with its small cache.
        await using var pooled = await store.OpenAsync(default);
        Assert.Equal(-64L * 1024, await PragmaAsync(pooled, "cache_size"));
    }

    private static async Task<object?> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return await command.ExecuteScalarAsync();
    }

    [Theory]
    [InlineData(16, 16L * 1024 * 1024)]
    [InlineData(0, 0L)]
    [InlineData(2047, 2047L * 1024 * 1024)]
    public async Task OpenAsync_MmapOption_SetsTheMapSizeOfEveryConnection(int mmapMiB, long expected)
    {
        var store = new SqliteHubStore(Path.Combine(_folder.Path, "mmap.db"), "full", 5, TimeProvider.System, mmapMiB: mmapMiB);
        await store.MigrateAsync(default);

        // Two connections open at once: neither is the other, so each was set up on its own.
        await using var first = await store.OpenAsync(default);
        await using var second = await store.OpenAsync(default);
        foreach (var connection in new[] { first, second })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA mmap_size";
            Assert.Equal(expected, (long)(await command.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task MigrateAsync_FileFromNewerHub_IsRefusedAndLeftAlone()
    {
        var store = NewStore();
        await store.MigrateAsync(default);
        await using (var connection = await store.OpenAsync(default))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO schema_migrations VALUES (9999, 'from the future', '2030-01-01')";
            await command.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(default));
        Assert.Contains("9999", ex.Message);
        Assert.Equal(9999, await store.GetSchemaVersionAsync(default));
    }

    [Fact]
    public async Task PingAsync_MigratedStore_Answers()
    {
        var store = NewStore();
        await store.MigrateAsync(default);
        await store.PingAsync(default);
        Assert.Equal("sqlite", store.Provider);
    }

    private static async Task<string> ReadInstanceIdAsync(SqliteHubStore store)
    {
        await using var connection = await store.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM hub_info WHERE key = 'instance_id'";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountHistoryAsync(SqliteHubStore store)
    {
        await using var connection = await store.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_migrations";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
