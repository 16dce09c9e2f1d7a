using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>
/// Reports the progress a department entered in its own system: polls the plugin and moves the
/// department's task on the hub with TransitionCase and the case's current version.
/// <list type="bullet">
/// <item>ABORTED (someone changed the case meanwhile): re-read the case and try once more if the task still allows the move.</item>
/// <item>FAILED_PRECONDITION and the other refusals (INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED): logged and
/// marked as refused in the department's system, never retried.</item>
/// <item>Anything else (hub unreachable): left unmarked and tried again at the next poll.</item>
/// </list>
/// </summary>
public sealed class CaseReporter(IDepartmentAdapter adapter, HubConnection hub, AdapterOptions options, ILogger<CaseReporter> logger)
{
    private static readonly StatusCode[] Refusals =
        [StatusCode.FailedPrecondition, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.PermissionDenied];

    /// <summary>Polls and reports until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(ICaseReceiver receiver, CancellationToken stoppingToken)
    {
        var client = new CaseService.CaseServiceClient(hub.Channel);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var progress in await receiver.ReadProgressAsync(stoppingToken))
                    await ReportAsync(client, receiver, progress, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Case progress not reported yet ({Error}); trying again", HubConnection.Describe(e));
            }
            await Task.Delay(options.PollInterval, stoppingToken);
        }
    }

    /// <summary>Moves one task to the progress's target state (through IN_PROGRESS when it is still DISPATCHED).</summary>
    public async Task ReportAsync(CaseService.CaseServiceClient client, ICaseReceiver receiver, CaseProgress progress, CancellationToken cancellationToken)
    {
        var abortedOnce = false;
        // At most two moves (DISPATCHED -> IN_PROGRESS -> target) plus one re-read after ABORTED.
        for (var round = 0; round < 4; round++)
        {
            Case current;
            try
            {
                current = (await client.GetCaseAsync(new GetCaseRequest { CaseId = progress.CaseId }, hub.Call(cancellationToken, TimeSpan.FromSeconds(10)))).Case;
            }
            catch (RpcException e) when (Refusals.Contains(e.StatusCode))
            {
                await RefuseAsync(receiver, progress, e, 0, cancellationToken);
                return;
            }
            var task = current.Tasks.FirstOrDefault(t => t.TaskId == progress.TaskId);
            if (task is null || task.Department != adapter.Department)
            {
                await RefuseAsync(receiver, progress, $"case {progress.CaseId} has no task {progress.TaskId} of {adapter.Department}", current.Version, cancellationToken);
                return;
            }
            if (task.State == progress.TargetState)
            {
                await receiver.MarkProgressAsync(progress, true, "", current.Version, cancellationToken);
                logger.LogInformation("Task {TaskId} of case {CaseId} is {State} at the hub", task.TaskId, progress.CaseId, task.State);
                return;
            }
            // The hub moves a task DISPATCHED -> IN_PROGRESS -> ON_HOLD | RESOLVED; a department that records
            // "done" straight away has started the work too.
            var step = task.State == CaseState.Dispatched && progress.TargetState is CaseState.Resolved or CaseState.OnHold
                ? CaseState.InProgress : progress.TargetState;
            try
            {
                await client.TransitionCaseAsync(new TransitionCaseRequest
                {
                    CaseId = progress.CaseId, TaskId = progress.TaskId, TargetState = step, ExpectedVersion = current.Version,
                    ActorDepartment = adapter.Department, Note = progress.Note,
                }, hub.Call(cancellationToken, TimeSpan.FromSeconds(10)));
                logger.LogInformation("Task {TaskId} of case {CaseId}: {From} -> {To}", task.TaskId, progress.CaseId, task.State, step);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Aborted && !abortedOnce)
            {
                // Changed meanwhile: re-read; the next round finds out whether the move is still allowed or already made.
                abortedOnce = true;
                logger.LogInformation("Case {CaseId} changed since version {Version}; re-reading", progress.CaseId, current.Version);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Aborted)
            {
                logger.LogWarning("Case {CaseId} changed again while reporting {Target}; trying at the next poll", progress.CaseId, progress.TargetState);
                return;
            }
            catch (RpcException e) when (Refusals.Contains(e.StatusCode))
            {
                await RefuseAsync(receiver, progress, e, current.Version, cancellationToken);
                return;
            }
        }
    }

    private Task RefuseAsync(ICaseReceiver receiver, CaseProgress progress, RpcException e, long caseVersion, CancellationToken cancellationToken) =>
        RefuseAsync(receiver, progress, $"{e.StatusCode}: {e.Status.Detail}", caseVersion, cancellationToken);

    private async Task RefuseAsync(ICaseReceiver receiver, CaseProgress progress, string reason, long caseVersion, CancellationToken cancellationToken)
    {
        logger.LogWarning("The hub refused {Target} for task {TaskId} of case {CaseId}: {Reason}; marked in the department's system",
            progress.TargetState, progress.TaskId, progress.CaseId, reason);
        await receiver.MarkProgressAsync(progress, false, reason, caseVersion, cancellationToken);
    }
}
