using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Hub.Tests.Identity.Lifecycle;
using Microsoft.Data.Sqlite;
using static Hub.Tests.Identity.Lifecycle.IdentityKit;

namespace Hub.Tests.Audit;

/// <summary>The audit log is append-only and tamper-evident: edits made directly in the SQLite file are found by VerifyChain.</summary>
public sealed class TamperTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private AuditService.AuditServiceClient _audit = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _audit = new AuditService.AuditServiceClient(_hub.Channel);
        var kit = new IdentityKit(_hub.Channel);
        await kit.PushAsync("household", "HJ1", Person("王芳", "330802198503120020"));
        // Seven reads: seven entries (the push itself is not a read and leaves none).
        for (var i = 0; i < 7; i++)
            await kit.ResidentOfAsync("household", "HJ1");
        var before = await VerifyAsync();
        Assert.True(before.Ok, before.Reason);
        Assert.Equal(7, before.EntriesChecked);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<VerifyChainResponse> VerifyAsync() =>
        await _audit.VerifyChainAsync(new VerifyChainRequest(), deadline: Deadlines.Default());

    // An attacker with the database file: the append-only triggers are dropped first, as they would be.
    private async Task TamperAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_hub.DataDirectory, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task VerifyChain_EditedEntry_BrokenAtThatEntry()
    {
        await TamperAsync("UPDATE audit_log SET caller = 'someone-else' WHERE sequence = 4");

        var report = await VerifyAsync();

        Assert.False(report.Ok);
        Assert.Equal(4, report.FirstBrokenSequence);
        Assert.Equal("entry_hash does not match content", report.Reason);
        Assert.Equal(3, report.LastSequence);
    }

    [Fact]
    public async Task VerifyChain_EditedEntryWithRecomputedHash_BrokenAtTheNextEntry()
    {
        // Rewriting the hash to fit the new content still breaks the link the next entry holds.
        await TamperAsync("UPDATE audit_log SET purpose = 'routine', entry_hash = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' WHERE sequence = 3");

        var report = await VerifyAsync();

        Assert.False(report.Ok);
        Assert.Equal(3, report.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyChain_DeletedEntry_ReportsItMissing()
    {
        await TamperAsync("DELETE FROM audit_log WHERE sequence = 5");

        var report = await VerifyAsync();

        Assert.False(report.Ok);
        Assert.Equal(5, report.FirstBrokenSequence);
        Assert.Equal("entry 5 is missing", report.Reason);
    }

    [Fact]
    public async Task VerifyChain_RangeAfterTheDamage_StillOk()
    {
        await TamperAsync("UPDATE audit_log SET resident_id = 'R0' WHERE sequence = 2");

        var whole = await VerifyAsync();
        var after = await _audit.VerifyChainAsync(new VerifyChainRequest { FromSequence = 3, ToSequence = 7 }, deadline: Deadlines.Default());

        Assert.Equal(2, whole.FirstBrokenSequence);
        Assert.True(after.Ok, after.Reason);
        Assert.Equal(5, after.EntriesChecked);
    }

    [Fact]
    public async Task AuditLog_UpdateOrDeleteThroughSql_RefusedByTheStore()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_hub.DataDirectory, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE audit_log SET caller = 'x' WHERE sequence = 1";
        var update = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
        command.CommandText = "DELETE FROM audit_log";
        var delete = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
        Assert.True((await VerifyAsync()).Ok);
    }

    [Fact]
    public async Task VerifyChain_ToBelowFrom_InvalidArgument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _audit.VerifyChainAsync(new VerifyChainRequest { FromSequence = 5, ToSequence = 2 }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }
}
