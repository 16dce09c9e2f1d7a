using Grpc.Core;
using Hub.Contracts.V1;
using Hub.SampleData;
using Hub.Tests.Cases;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Adapters;

/// <summary>
/// Cases routed to grid management, through a real hub (Kestrel), the real adapter host process with the
/// GridAdapter plugin and its real SQLite legacy database: mirrored into WG_AJ, progress reported back.
/// </summary>
public sealed class GridCaseTests(SampleDepartmentsFixture fixture) : IClassFixture<SampleDepartmentsFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CaseRoutedToGrid_AppearsInLegacyTable_WorkerProgressBecomesTaskTransitions()
    {
        using var folder = new TempFolder();
        var (hub, client) = await StartHubAsync(folder);
        await using var _ = hub;
        using var adapter = StartAdapter(folder, hub);
        var c = await DispatchAsync(client);
        var gridTask = c.Tasks.Single(t => t.Department == "grid");

        await Eventually.TrueAsync(async () => await RowAsync(folder, c.CaseId) is not null, () => "the case is in WG_AJ\n" + adapter.Output, Limit);
        var row = (await RowAsync(folder, c.CaseId))!;
        Assert.Equal(gridTask.TaskId, row["RWID"]);
        Assert.Equal("待处理", row["ZT"]);
        Assert.Equal("1", row["ZBBZ"]);
        Assert.Equal("0102", row["AJLB"]);
        Assert.Equal("路灯不亮，已持续三天", row["AJMS"]);
        Assert.StartsWith("330802", row["QHDM"]);

        // A grid worker starts the work in the legacy system: the grid's task (and the case) move on the hub.
        Worker(folder, c.CaseId, "处理中", "已到现场");
        await Eventually.TrueAsync(async () => (await GridTaskAsync(client, c.CaseId)).State == CaseState.InProgress,
            () => "the grid task is IN_PROGRESS\n" + adapter.Output, Limit);
        Assert.Equal(CaseState.InProgress, (await GetAsync(client, c.CaseId)).State);
        await Eventually.TrueAsync(async () => (await RowAsync(folder, c.CaseId))!["TBZT"] == "处理中", () => "WG_AJ is marked as reported\n" + adapter.Output, Limit);
        Assert.Equal("", (await RowAsync(folder, c.CaseId))!["TBSM"]);

        // Done: the task is resolved; the case waits for the co-department's task.
        Worker(folder, c.CaseId, "已办结", "路灯已修复");
        await Eventually.TrueAsync(async () => (await GridTaskAsync(client, c.CaseId)).State == CaseState.Resolved,
            () => "the grid task is RESOLVED\n" + adapter.Output, Limit);
        var after = await GetAsync(client, c.CaseId);
        Assert.Equal(CaseState.InProgress, after.State);
        Assert.Equal(CaseState.Dispatched, after.Tasks.Single(t => t.Department == "power-supply").State);
        // The hub's own record of the move names the grid as actor, and the mirror saw it come back.
        await Eventually.TrueAsync(async () => (await RowAsync(folder, c.CaseId))!["PTZT"] == nameof(CaseState.Resolved), () => "WG_AJ.PTZT follows the hub\n" + adapter.Output, Limit);
        Assert.Equal("已办结", (await RowAsync(folder, c.CaseId))!["ZT"]);
    }

    [Fact]
    public async Task CaseCancelledAtHub_LegacyShowsCancelled_WorkerReportRefusedAndMarkedOnce()
    {
        using var folder = new TempFolder();
        var (hub, client) = await StartHubAsync(folder);
        await using var _ = hub;
        using var adapter = StartAdapter(folder, hub);
        var c = await DispatchAsync(client);
        await Eventually.TrueAsync(async () => await RowAsync(folder, c.CaseId) is not null, () => "the case is in WG_AJ\n" + adapter.Output, Limit);

        c = await CaseKit.MoveAsync(client, c, CaseState.Cancelled, "dispatch-centre", note: "报告人撤回");
        await Eventually.TrueAsync(async () => (await RowAsync(folder, c.CaseId))!["ZT"] == "已撤销", () => "WG_AJ shows the cancellation\n" + adapter.Output, Limit);

        // A worker who did not notice reports it done: the hub refuses; the row is marked and not sent again.
        Worker(folder, c.CaseId, "已办结", "");
        await Eventually.TrueAsync(async () => (await RowAsync(folder, c.CaseId))!["TBZT"] == "已办结", () => "the refusal is marked\n" + adapter.Output, Limit);
        var row = (await RowAsync(folder, c.CaseId))!;
        Assert.StartsWith("平台拒绝：FailedPrecondition", row["TBSM"]);
        Assert.Equal(c.Version, (await GetAsync(client, c.CaseId)).Version);

        // A later report of another case goes through, so the poll ran again after the refusal without resending it.
        var other = await DispatchAsync(client);
        await Eventually.TrueAsync(async () => await RowAsync(folder, other.CaseId) is not null, "the second case is in WG_AJ", Limit);
        Worker(folder, other.CaseId, "处理中", "");
        await Eventually.TrueAsync(async () => (await GridTaskAsync(client, other.CaseId)).State == CaseState.InProgress, "the second report arrives", Limit);
        Assert.Single(adapter.Output.Split('\n'), l => l.Contains("The hub refused") && l.Contains(c.CaseId));
        Assert.Equal(CaseState.Cancelled, (await GetAsync(client, c.CaseId)).State);
    }

    [Fact]
    public async Task AdapterKilledMidStream_Restarted_EveryCaseEventMirroredExactlyOnce()
    {
        const int cases = 40;
        using var folder = new TempFolder();
        var (hub, client) = await StartHubAsync(folder);
        await using var _ = hub;
        AdapterProcess? adapter = StartAdapter(folder, hub);
        var submitted = new List<string>();
        try
        {
            for (var i = 0; i < cases / 4; i++)
                submitted.Add((await DispatchAsync(client)).CaseId);
            // Kill the adapter as soon as it has mirrored something; the rest is dispatched while it is down.
            var first = adapter;
            await Eventually.TrueAsync(async () => await CountAsync(folder, "SELECT count(*) FROM WG_AJLS") > 0,
                () => "the adapter mirrors the first events\n" + first.Output, Limit);
            adapter.Dispose();
            adapter = null;
            for (var i = cases / 4; i < cases; i++)
                submitted.Add((await DispatchAsync(client)).CaseId);
            adapter = StartAdapter(folder, hub);

            // What the hub has for the grid, from the first event.
            var expected = new HashSet<(string, long)>();
            using (var watch = client.WatchCases(new WatchCasesRequest { Department = "grid", Cursor = "0" }, deadline: Deadlines.In(TimeSpan.FromSeconds(3))))
            {
                try
                {
                    while (await watch.ResponseStream.MoveNext())
                        expected.Add((watch.ResponseStream.Current.Event.CaseId, long.Parse(watch.ResponseStream.Current.Event.Cursor)));
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
                {
                    // the history has been read; the stream would now wait for new events
                }
            }
            Assert.True(expected.Count >= 2 * cases, $"only {expected.Count} grid events for {cases} dispatched cases");
            var current = adapter;
            await Eventually.TrueAsync(async () => await CountAsync(folder, "SELECT count(*) FROM WG_AJLS") >= expected.Count,
                () => "every grid event is in WG_AJLS\n" + current.Output, Limit);

            var mirrored = new HashSet<(string, long)>();
            await using (var db = Open(folder))
            {
                await using var command = db.CreateCommand();
                command.CommandText = "SELECT AJID, SJXH FROM WG_AJLS";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    mirrored.Add((reader.GetString(0), reader.GetInt64(1)));
            }
            Assert.Equal(expected.OrderBy(e => e.Item2), mirrored.OrderBy(e => e.Item2));
            Assert.Equal(expected.Count, await CountAsync(folder, "SELECT count(*) FROM WG_AJLS"));
            Assert.Equal(cases, await CountAsync(folder, "SELECT count(*) FROM WG_AJ"));
            Assert.Equal(cases, await CountAsync(folder, $"SELECT count(*) FROM WG_AJ WHERE ZT = '待处理' AND AJID IN ({string.Join(",", submitted.Select(s => $"'{s}'"))})"));
            // Every row carries its case's newest event.
            Assert.Equal(0, await CountAsync(folder, "SELECT count(*) FROM WG_AJ a WHERE ZHXH <> (SELECT max(SJXH) FROM WG_AJLS l WHERE l.AJID = a.AJID)"));
            // The restarted host resumed from its saved cursor, not from the beginning.
            Assert.Matches("Case stream open for grid after cursor [1-9]", current.Output);
        }
        finally
        {
            adapter?.Dispose();
        }
    }

    [Fact]
    public async Task SavedCaseCursorTheHubNeverGaveOut_MirrorStartsOverInsteadOfRetryingForever()
    {
        using var folder = new TempFolder();
        var (hub, client) = await StartHubAsync(folder);
        await using var _ = hub;
        var before = await DispatchAsync(client);
        // The adapter's state says it mirrored up to event 999999: this hub never issued that cursor (say its store was replaced).
        using (var state = new Hub.Adapters.LocalState(Path.Combine(folder.Path, "grid.state.db")))
            state.SetCaseCursor("999999");
        using var adapter = StartAdapter(folder, hub);

        // The hub refuses the cursor; the mirror forgets it and mirrors the history, then what comes after.
        await Eventually.TrueAsync(async () => await RowAsync(folder, before.CaseId) is not null, () => "the earlier case is in WG_AJ\n" + adapter.Output, Limit);
        var after = await DispatchAsync(client);
        await Eventually.TrueAsync(async () => await RowAsync(folder, after.CaseId) is not null, () => "the later case is in WG_AJ\n" + adapter.Output, Limit);
        Assert.Contains("refused the saved case cursor 999999", adapter.Output);
        using (var state = new Hub.Adapters.LocalState(Path.Combine(folder.Path, "grid.state.db")))
            Assert.True(long.Parse(state.CaseCursor, System.Globalization.CultureInfo.InvariantCulture) < 999999, $"cursor {state.CaseCursor}");
    }

    private async Task<(TestHub Hub, CaseService.CaseServiceClient Client)> StartHubAsync(TempFolder folder)
    {
        fixture.WriteLegacy(folder.Path, null, Departments.Grid);
        var hub = await TestHub.StartAsync();
        await SampleDepartmentsFixture.ImportMappingsAsync(hub.Channel, folder.Path);
        var client = new CaseService.CaseServiceClient(hub.Channel);
        // Street-light cases in 柯城区: the grid leads, the power supplier helps.
        await CaseKit.PutRuleAsync(client, "01", "330802000000", "grid", "power-supply");
        return (hub, client);
    }

    private static AdapterProcess StartAdapter(TempFolder folder, TestHub hub) =>
        AdapterProcess.Start(Path.Combine(folder.Path, "grid.json"), hub.Address);

    private static async Task<Case> DispatchAsync(CaseService.CaseServiceClient client)
    {
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        c = await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");
        c = await CaseKit.MoveAsync(client, c, CaseState.Dispatched, "dispatch-centre");
        Assert.Equal("grid", c.LeadDepartment);
        return c;
    }

    private static async Task<Case> GetAsync(CaseService.CaseServiceClient client, string caseId) =>
        (await client.GetCaseAsync(new GetCaseRequest { CaseId = caseId }, deadline: Deadlines.Default())).Case;

    private static async Task<CaseTask> GridTaskAsync(CaseService.CaseServiceClient client, string caseId) =>
        (await GetAsync(client, caseId)).Tasks.Single(t => t.Department == "grid");

    private static SqliteConnection Open(TempFolder folder)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder.Path, "grid.db"), Pooling = false, DefaultTimeout = 30,
        }.ToString());
        db.Open();
        return db;
    }

    /// <summary>What a grid worker does in the legacy system: sets the status and an opinion.</summary>
    private static void Worker(TempFolder folder, string caseId, string status, string opinion)
    {
        using var db = Open(folder);
        using var command = db.CreateCommand();
        command.CommandText = "UPDATE WG_AJ SET ZT = $zt, CLYJ = $yj WHERE AJID = $id";
        command.Parameters.AddWithValue("$zt", status);
        command.Parameters.AddWithValue("$yj", opinion);
        command.Parameters.AddWithValue("$id", caseId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static async Task<Dictionary<string, string>?> RowAsync(TempFolder folder, string caseId)
    {
        await using var db = Open(folder);
        // The table appears when the plugin starts.
        if (await CountAsync(db, "SELECT count(*) FROM sqlite_master WHERE name = 'WG_AJ'") == 0)
            return null;
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT * FROM WG_AJ WHERE AJID = $id";
        command.Parameters.AddWithValue("$id", caseId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return null;
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))!);
    }

    private static async Task<int> CountAsync(TempFolder folder, string sql)
    {
        await using var db = Open(folder);
        if (await CountAsync(db, "SELECT count(*) FROM sqlite_master WHERE name = 'WG_AJLS'") == 0)
            return 0;
        return await CountAsync(db, sql);
    }

    private static async Task<int> CountAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
