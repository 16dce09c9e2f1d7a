using Hub.Contracts.V1;

namespace Hub.Adapters.Samples;

/// <summary>
/// The one place where the grid system's case status (<c>WG_AJ.ZT</c>, typed by grid workers) and the
/// hub's task states meet. A worker's status becomes a task move on the hub; a task state the hub set
/// becomes the status the worker sees.
/// <code>
/// ZT (legacy)  worker sets it →  hub task move          hub task state →  ZT
/// 待处理        (hub only)                               DISPATCHED        待处理
/// 处理中        IN_PROGRESS                              IN_PROGRESS       处理中
/// 挂起          ON_HOLD                                  ON_HOLD           挂起
/// 已办结        RESOLVED (via IN_PROGRESS if DISPATCHED) RESOLVED          已办结
/// 退回          REJECTED (returned: not the grid's)      REJECTED          退回
/// 已撤销        (hub only)                               CANCELLED         已撤销
/// </code>
/// </summary>
public static class GridCaseStatus
{
    /// <summary>Waiting for a worker (待处理).</summary>
    public const string Waiting = "待处理";

    private static readonly (string Legacy, CaseState Task, bool WorkerMay)[] Map =
    [
        (Waiting, CaseState.Dispatched, false),
        ("处理中", CaseState.InProgress, true),
        ("挂起", CaseState.OnHold, true),
        ("已办结", CaseState.Resolved, true),
        ("退回", CaseState.Rejected, true),
        ("已撤销", CaseState.Cancelled, false),
    ];

    /// <summary>The task move a worker's status asks for; null when a worker cannot report it (待处理, 已撤销, unknown text).</summary>
    public static CaseState? ToTaskMove(string legacy) =>
        Map.FirstOrDefault(m => m.WorkerMay && m.Legacy == legacy.Trim()) is { Legacy: not null } m ? m.Task : null;

    /// <summary>The status the worker sees for a hub task state; null for a state a task never has.</summary>
    public static string? FromTaskState(CaseState state) =>
        Map.FirstOrDefault(m => m.Task == state).Legacy;

    /// <summary>The note sent with a move when the worker wrote none (the hub requires one for a return).</summary>
    public static string DefaultNote(CaseState move) => move == CaseState.Rejected ? "网格退回：非网格职责范围" : "";
}
