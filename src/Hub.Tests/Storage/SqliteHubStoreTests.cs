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

    [Fact]
    public async Task OpenOwnReaderAsync_HasThePoolsCacheButNoMemoryMap_AndNeverReturnsToThePool()
    {
        var store = new SqliteHubStore(Path.Combine(_folder.Path, "reader.db"), "full", 5, TimeProvider.System, cacheMiB: 8, mmapMiB: 16);
        await store.MigrateAsync(default);

        await using (var reader = await store.OpenOwnReaderAsync(default))
        {
            Assert.Equal(0L, await PragmaAsync(reader, "mmap_size"));
            Assert.Equal(-8L * 1024, await PragmaAsync(reader, "cache_size"));
            Assert.Equal("wal", await PragmaAsync(reader, "journal_mode"));
            Assert.Equal(5000L, await PragmaAsync(reader, "busy_timeout"));
        }

        // Had it gone back to the pool, this open would get it again, marked as set up, without its map.
        await using var pooled = await store.OpenAsync(default);
        Assert.Equal(16L * 1024 * 1024, await PragmaAsync(pooled, "mmap_size"));
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

    [Fact]
    public async Task BeginBulkWriteAsync_WritersTakeTurnsOnTheGate_ThroughOneConnection()
    {
        await using var store = NewStore();
        await store.MigrateAsync(default);

        var (first, firstTx) = await store.BeginBulkWriteAsync(default);
        var second = store.BeginBulkWriteAsync(default);
        // The first holds the file's write gate until its transaction is disposed.
        Assert.False(second.IsCompleted);
        await ExecAsync(first, firstTx, "INSERT INTO hub_info (key, value) VALUES ('bulk', 'first')");
        await firstTx.CommitAsync(default);
        await firstTx.DisposeAsync();

        var (next, nextTx) = await second;
        await using (nextTx)
        {
            Assert.Same(first, next);
            Assert.Equal("first", await ScalarAsync(next, nextTx, "SELECT value FROM hub_info WHERE key = 'bulk'"));
        }
    }

    [Fact]
    public async Task BeginBulkWriteAsync_TransactionDisposedUncommitted_RollsBack_AndTheNextWriterGoesOn()
    {
        await using var store = NewStore();
        await store.MigrateAsync(default);

        var (connection, tx) = await store.BeginBulkWriteAsync(default);
        await using (tx)
            await ExecAsync(connection, tx, "INSERT INTO hub_info (key, value) VALUES ('bulk', 'lost')");

        var (again, againTx) = await store.BeginBulkWriteAsync(default);
        await using (againTx)
        {
            Assert.Null(await ScalarAsync(again, againTx, "SELECT value FROM hub_info WHERE key = 'bulk'"));
            await ExecAsync(again, againTx, "INSERT INTO hub_info (key, value) VALUES ('bulk', 'kept')");
            await againTx.CommitAsync(default);
        }
        await using var reader = await store.OpenAsync(default);
        Assert.Equal("kept", await ScalarAsync(reader, null, "SELECT value FROM hub_info WHERE key = 'bulk'"));
    }

    [Fact]
    public async Task BeginBulkWriteAsync_PageCacheSurvivesItsOwnCommits_NotAnotherConnections()
    {
        await using var store = NewStore();
        await store.MigrateAsync(default);
        var (connection, tx) = await store.BeginBulkWriteAsync(default);
        await using (tx)
        {
            await ExecAsync(connection, tx, "CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
            await ExecAsync(connection, tx, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT i, hex(randomblob(100)) FROM n");
            await tx.CommitAsync(default);
        }

        // The next bulk transaction (the identity writer after an ingest batch, say) finds every page it reads cached.
        Assert.Equal(0, await CacheMissesReadingFillerAsync(store));

        // What pooled connections did before: another connection's commit makes SQLite drop this one's whole cache.
        await using (var other = await store.OpenAsync(default))
        await using (var command = other.CreateCommand())
        {
            command.CommandText = "INSERT INTO hub_info (key, value) VALUES ('other', 'x')";
            await command.ExecuteNonQueryAsync();
        }
        var missesAfterOther = await CacheMissesReadingFillerAsync(store);
        Assert.True(missesAfterOther > 10, $"misses {missesAfterOther}");
    }

    [Fact]
    public async Task DisposeAsync_ClosesTheBulkWritersConnection()
    {
        var store = NewStore();
        await store.MigrateAsync(default);
        var (connection, tx) = await store.BeginBulkWriteAsync(default);
        await tx.DisposeAsync();

        await store.DisposeAsync();

        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
    }

    private static async Task<int> CacheMissesReadingFillerAsync(SqliteHubStore store)
    {
        var (connection, tx) = await store.BeginBulkWriteAsync(default);
        await using (tx)
        {
            // Reset the counter, then read every page of the table.
            SQLitePCL.raw.sqlite3_db_status(connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_MISS, out _, out _, 1);
            Assert.Equal(2000L, await ScalarAsync(connection, tx, "SELECT count(*) FROM filler WHERE length(text) = 200"));
            SQLitePCL.raw.sqlite3_db_status(connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_MISS, out var misses, out _, 0);
            return misses;
        }
    }

    private static async Task ExecAsync(SqliteConnection connection, Hub.Storage.Sqlite.WriteTransaction tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, Hub.Storage.Sqlite.WriteTransaction? tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx?.Transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
