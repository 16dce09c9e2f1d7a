using System.Globalization;
using Hub.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace Hub.Adapters.Samples;

/// <summary>
/// The grid system's case tables, in its legacy style: <c>WG_AJ</c> (网格案件, one row per hub case
/// routed to the grid; workers update <c>ZT</c> and <c>CLYJ</c>) and <c>WG_AJLS</c> (案件流水, one row per hub
/// event applied, keyed by case id + event sequence, which makes applying an event twice a no-op).
/// Both are created when missing.
/// </summary>
public sealed class GridCases : ICaseReceiver
{
    /// <summary>DDL of the two tables (SQLite; text times yyyy-MM-dd HH:mm:ss, China time, like WG_SJ).</summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS WG_AJ (
            AJID VARCHAR(40) PRIMARY KEY,  -- 平台案件编号 (hub case id)
            RWID VARCHAR(40) NOT NULL,     -- 平台任务编号 (the grid's task)
            ZBBZ VARCHAR(1) NOT NULL,      -- 主办标志: 1 lead, 0 co-department
            AJLB VARCHAR(20) NOT NULL,     -- 案件类别代码
            LBMC VARCHAR(50),              -- 案件类别名称
            AJMS VARCHAR(4000) NOT NULL,   -- 案件描述
            FSDZ VARCHAR(200),             -- 发生地址
            QHDM VARCHAR(12),              -- 区划代码
            PQSJ VARCHAR(19) NOT NULL,     -- 派遣时间
            CLQX VARCHAR(19),              -- 处理期限 (the task's stage deadline)
            ZT VARCHAR(10) NOT NULL,       -- 状态 (workers set it; see GridCaseStatus)
            CLYJ VARCHAR(500),             -- 处理意见 (sent with the worker's status)
            PTZT VARCHAR(20) NOT NULL,     -- 平台任务状态 (the hub's task state)
            BBH INTEGER NOT NULL,          -- 平台版本号 (case version)
            ZHXH INTEGER NOT NULL,         -- 最后事件序号 (hub event sequence)
            TBZT VARCHAR(10) NOT NULL,     -- 已同步状态 (last ZT the hub knows or refused)
            TBSJ VARCHAR(19),              -- 同步时间
            TBSM VARCHAR(500),             -- 同步说明 (the hub's refusal, empty when accepted)
            GXSJ VARCHAR(19) NOT NULL,     -- 更新时间
            TBBBH INTEGER NOT NULL DEFAULT 0 -- 同步时版本号 (case version when the hub answered the last report)
        );
        CREATE INDEX IF NOT EXISTS WG_AJ_TB ON WG_AJ (ZT, TBZT);
        CREATE TABLE IF NOT EXISTS WG_AJLS (
            AJID VARCHAR(40) NOT NULL,     -- 平台案件编号
            SJXH INTEGER NOT NULL,         -- 平台事件序号 (WatchCases cursor)
            SJLX VARCHAR(40) NOT NULL,     -- 事件类型
            PTZT VARCHAR(20) NOT NULL,     -- 事件后的平台任务状态
            BBH INTEGER NOT NULL,          -- 事件后的版本号
            JLSJ VARCHAR(19) NOT NULL,     -- 事件时间
            PRIMARY KEY (AJID, SJXH)
        );
        """;

    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);
    private readonly string _connection;
    private readonly string _department;
    private readonly TimeProvider _clock;

    /// <summary>Opens the grid database read-write and creates the case tables when missing.</summary>
    public GridCases(string databasePath, string department, TimeProvider clock)
    {
        _connection = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 30 }.ToString();
        _department = department;
        _clock = clock;
        using var connection = Open();
        Execute(connection, null, Schema);
        // A WG_AJ created before TBBBH existed gets the column; its rows start from version 0.
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM pragma_table_info('WG_AJ') WHERE name = 'TBBBH'";
        if (Convert.ToInt64(probe.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            Execute(connection, null, "ALTER TABLE WG_AJ ADD COLUMN TBBBH INTEGER NOT NULL DEFAULT 0");
    }

    /// <inheritdoc />
    public async Task ApplyAsync(CaseEvent caseEvent, long sequence, CancellationToken cancellationToken)
    {
        var snapshot = caseEvent.Snapshot;
        // The grid's current task: the newest one of the department (a re-dispatch makes a new one).
        var task = snapshot.Tasks.LastOrDefault(t => t.Department == _department);
        await using var connection = Open();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var logged = Execute(connection, tx, "INSERT OR IGNORE INTO WG_AJLS (AJID, SJXH, SJLX, PTZT, BBH, JLSJ) VALUES ($id, $seq, $type, $state, $v, $t)",
            ("$id", snapshot.CaseId), ("$seq", sequence), ("$type", caseEvent.Type.ToString()), ("$state", (task?.State ?? snapshot.State).ToString()),
            ("$v", caseEvent.CaseVersion), ("$t", Local(caseEvent.EventTime)));
        if (logged == 0)
            return; // applied before (a re-delivery after a crash): nothing to do, nothing to count twice
        if (task is null)
        {
            await tx.CommitAsync(cancellationToken);
            return;
        }
        var hubStatus = GridCaseStatus.FromTaskState(task.State) ?? GridCaseStatus.Waiting;
        var now = Local(_clock.GetUtcNow());
        // New case: insert. Known case: update from a later event only; the worker's status is overwritten
        // only when the worker has nothing unreported (ZT = TBZT), the move was not the grid's own, and the
        // event is newer than the hub's answer to the worker's last report (TBBBH): the mirror may still be
        // applying events from before that report was taken in, or the rest of the events of the version the hub
        // answered at (a cancellation writes several), and the answer already took their status into account.
        Execute(connection, tx, """
            INSERT INTO WG_AJ (AJID, RWID, ZBBZ, AJLB, LBMC, AJMS, FSDZ, QHDM, PQSJ, CLQX, ZT, CLYJ, PTZT, BBH, ZHXH, TBZT, TBSJ, TBSM, GXSJ)
            VALUES ($id, $task, $lead, $cat, $catName, $desc, $addr, $div, $dispatched, $deadline, $status, '', $state, $v, $seq, $status, $now, '', $now)
            ON CONFLICT (AJID) DO UPDATE SET
                RWID = excluded.RWID, ZBBZ = excluded.ZBBZ, CLQX = excluded.CLQX, PTZT = excluded.PTZT, BBH = excluded.BBH,
                ZHXH = excluded.ZHXH, GXSJ = excluded.GXSJ,
                ZT = CASE WHEN WG_AJ.ZT = WG_AJ.TBZT AND $own = 0 AND excluded.BBH > WG_AJ.TBBBH THEN excluded.ZT ELSE WG_AJ.ZT END,
                TBZT = CASE WHEN WG_AJ.ZT = WG_AJ.TBZT AND $own = 0 AND excluded.BBH > WG_AJ.TBBBH THEN excluded.TBZT ELSE WG_AJ.TBZT END
            WHERE excluded.ZHXH > WG_AJ.ZHXH
            """,
            ("$id", snapshot.CaseId), ("$task", task.TaskId), ("$lead", task.Lead ? "1" : "0"), ("$cat", snapshot.Category?.Code ?? ""),
            ("$catName", snapshot.Category?.Label ?? ""), ("$desc", snapshot.Description), ("$addr", snapshot.Location?.AddressText ?? ""),
            ("$div", snapshot.DivisionCode), ("$dispatched", Local(task.CreateTime)), ("$deadline", task.StageDeadline is null ? "" : Local(task.StageDeadline)),
            ("$status", hubStatus), ("$state", task.State.ToString()), ("$v", snapshot.Version), ("$seq", sequence),
            ("$own", caseEvent.ActorDepartment == _department ? 1 : 0), ("$now", now));
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseProgress>> ReadProgressAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT AJID, RWID, ZT, CLYJ FROM WG_AJ WHERE ZT <> TBZT ORDER BY GXSJ LIMIT 200";
        var found = new List<(string Case, string Task, string Status, string Note)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                found.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? "" : reader.GetString(3)));
        var progress = new List<CaseProgress>();
        foreach (var (caseId, taskId, status, note) in found)
        {
            if (GridCaseStatus.ToTaskMove(status) is { } move)
                progress.Add(new CaseProgress(caseId, taskId, move, note.Trim() is { Length: > 0 } n ? n : GridCaseStatus.DefaultNote(move), status));
            else // a status a worker cannot report: marked at once, never sent
                await MarkAsync(connection, caseId, status, $"状态“{status}”不能上报（可填：处理中、挂起、已办结、退回）", 0, cancellationToken);
        }
        return progress;
    }

    /// <inheritdoc />
    public async Task MarkProgressAsync(CaseProgress progress, bool accepted, string reason, long caseVersion, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await MarkAsync(connection, progress.CaseId, progress.Token, accepted ? "" : "平台拒绝：" + reason, caseVersion, cancellationToken);
    }

    private Task MarkAsync(SqliteConnection connection, string caseId, string status, string message, long caseVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Execute(connection, null, "UPDATE WG_AJ SET TBZT = $status, TBSJ = $now, TBSM = $message, TBBBH = max(TBBBH, $v) WHERE AJID = $id",
            ("$status", status), ("$now", Local(_clock.GetUtcNow())), ("$message", message), ("$v", caseVersion), ("$id", caseId));
        return Task.CompletedTask;
    }

    private static string Local(Google.Protobuf.WellKnownTypes.Timestamp? t) =>
        t is null ? "" : Local(t.ToDateTimeOffset());

    private static string Local(DateTimeOffset t) => t.ToOffset(ChinaTime).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connection);
        connection.Open();
        return connection;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command.ExecuteNonQuery();
    }
}
