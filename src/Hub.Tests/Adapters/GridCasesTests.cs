using Google.Protobuf.WellKnownTypes;
using Hub.Adapters;
using Hub.Adapters.Samples;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Adapters;

/// <summary>
/// The grid plugin's case tables on a real SQLite file, driven event by event in the order a lagging
/// mirror and a quick reporter can produce, which a test through the processes cannot force.
/// </summary>
public sealed class GridCasesTests : IDisposable
{
    private const string CaseId = "C0001";
    private const string TaskId = "T0001";
    private readonly TempFolder _folder = new();
    private readonly string _database;

    public GridCasesTests()
    {
        _database = Path.Combine(_folder.Path, "grid.db");
        using var create = new SqliteConnection($"Data Source={_database};Pooling=False");
        create.Open();
        using var wal = create.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode = WAL";
        wal.ExecuteNonQuery();
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EventOlderThanTheAcceptedReport_LeavesTheWorkersStatus_NewerHubChangeStillApplies()
    {
        var cases = new GridCases(_database, "grid", TimeProvider.System);
        // Dispatch writes several events at version 3; the first creates the row.
        await cases.ApplyAsync(Event(version: 3, "dispatch-centre", CaseState.Dispatched), 10, CancellationToken.None);
        Assert.Equal(("待处理", "待处理"), Status());

        // The worker starts; the reporter moves the task and the hub answers at version 4,
        // before the mirror has applied the rest of the dispatch.
        Worker("处理中");
        var progress = Assert.Single(await cases.ReadProgressAsync(CancellationToken.None));
        Assert.Equal(CaseState.InProgress, progress.TargetState);
        await cases.MarkProgressAsync(progress, accepted: true, "", caseVersion: 4, CancellationToken.None);
        Assert.Equal(("处理中", "处理中"), Status());

        // The rest of the dispatch (version 3, the dispatch centre's) arrives late: out of date, not applied to ZT.
        await cases.ApplyAsync(Event(version: 3, "dispatch-centre", CaseState.Dispatched), 11, CancellationToken.None);
        Assert.Equal(("处理中", "处理中"), Status());
        Assert.Equal(11, Column<long>("ZHXH"));
        // The grid's own move comes back.
        await cases.ApplyAsync(Event(version: 4, "grid", CaseState.InProgress), 12, CancellationToken.None);
        Assert.Equal(("处理中", "处理中"), Status());
        Assert.Empty(await cases.ReadProgressAsync(CancellationToken.None));

        // A later change made at the hub (the supervisor puts the task on hold) still reaches ZT.
        await cases.ApplyAsync(Event(version: 5, "supervision", CaseState.OnHold), 13, CancellationToken.None);
        Assert.Equal(("挂起", "挂起"), Status());
        Assert.Equal("OnHold", Column<string>("PTZT"));
    }

    [Fact]
    public async Task RefusedReport_StaysMarked_WhenTheRestOfTheRefusingVersionsEventsArrive()
    {
        var cases = new GridCases(_database, "grid", TimeProvider.System);
        await cases.ApplyAsync(Event(version: 3, "dispatch-centre", CaseState.Dispatched), 10, CancellationToken.None);
        // The case is cancelled at the hub: several events at version 4; the mirror has applied the first.
        await cases.ApplyAsync(Event(version: 4, "dispatch-centre", CaseState.Cancelled), 11, CancellationToken.None);
        Assert.Equal(("已撤销", "已撤销"), Status());

        // A worker who did not notice reports it done; the hub, at version 4, refuses, and the refusal is marked.
        Worker("已办结");
        var progress = Assert.Single(await cases.ReadProgressAsync(CancellationToken.None));
        await cases.MarkProgressAsync(progress, accepted: false, "FailedPrecondition: the case is CANCELLED", caseVersion: 4, CancellationToken.None);
        Assert.Equal(("已办结", "已办结"), Status());

        // The rest of the cancellation (version 4) arrives: the hub knew it when it refused, so the mark stays.
        await cases.ApplyAsync(Event(version: 4, "dispatch-centre", CaseState.Cancelled), 12, CancellationToken.None);
        Assert.Equal(("已办结", "已办结"), Status());
        Assert.StartsWith("平台拒绝：FailedPrecondition", Column<string>("TBSM"));
        Assert.Empty(await cases.ReadProgressAsync(CancellationToken.None));
        Assert.Equal(12, Column<long>("ZHXH"));
    }

    [Fact]
    public async Task TableFromBeforeTheReportVersion_GetsTheColumn_RowsKept()
    {
        using (var old = Open())
        using (var command = old.CreateCommand())
        {
            // WG_AJ as the previous release created it: without TBBBH.
            var lines = GridCases.Schema.Split('\n').Where(l => !l.Contains("TBBBH")).ToArray();
            var gxsj = Array.FindIndex(lines, l => l.Contains("GXSJ VARCHAR"));
            lines[gxsj] = lines[gxsj].Replace("NOT NULL,", "NOT NULL ");
            command.CommandText = string.Join('\n', lines);
            command.ExecuteNonQuery();
        }
        Assert.Equal(0, Count("SELECT count(*) FROM pragma_table_info('WG_AJ') WHERE name = 'TBBBH'"));
        var first = new GridCases(_database, "grid", TimeProvider.System);
        await first.ApplyAsync(Event(version: 3, "dispatch-centre", CaseState.Dispatched), 10, CancellationToken.None);
        Assert.Equal(1, Count("SELECT count(*) FROM pragma_table_info('WG_AJ') WHERE name = 'TBBBH'"));

        // Opening it again changes nothing more.
        _ = new GridCases(_database, "grid", TimeProvider.System);
        Assert.Equal(1, Count("SELECT count(*) FROM WG_AJ WHERE TBBBH = 0"));
    }

    private static CaseEvent Event(long version, string actor, CaseState gridTask) => new()
    {
        CaseId = CaseId, Type = CaseEventType.TaskStateChanged, ActorDepartment = actor, CaseVersion = version,
        EventTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Snapshot = new Case
        {
            CaseId = CaseId, Version = version, State = gridTask == CaseState.Dispatched ? CaseState.Dispatched : CaseState.InProgress,
            Description = "路灯不亮", DivisionCode = "330802001000", Category = new CodedValue { Code = "0102", Label = "路灯" },
            Tasks =
            {
                new CaseTask
                {
                    TaskId = TaskId, Department = "grid", Lead = true, State = gridTask,
                    CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                },
            },
        },
    };

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_database};Pooling=False");
        connection.Open();
        return connection;
    }

    private void Worker(string status)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = "UPDATE WG_AJ SET ZT = $zt WHERE AJID = $id";
        command.Parameters.AddWithValue("$zt", status);
        command.Parameters.AddWithValue("$id", CaseId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private (string Zt, string Tbzt) Status() => (Column<string>("ZT"), Column<string>("TBZT"));

    private T Column<T>(string name)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT {name} FROM WG_AJ WHERE AJID = $id";
        command.Parameters.AddWithValue("$id", CaseId);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private int Count(string sql)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
