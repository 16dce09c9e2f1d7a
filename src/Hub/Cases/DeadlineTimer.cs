using Microsoft.Extensions.Options;
using Hub.Hosting;

namespace Hub.Cases;

/// <summary>
/// The deadline timer: every <see cref="CaseOptions.TimerInterval"/> (on the hub's <see cref="TimeProvider"/>)
/// it asks the store which cases fell due and brings their overdue and supervised flags up to date,
/// escalating by rule. Also loads the routing rules at start.
/// </summary>
internal sealed class DeadlineTimer(CaseDesk desk, ICaseStore store, IOptions<HubOptions> options, TimeProvider time,
    ILogger<DeadlineTimer> logger) : BackgroundService
{
    private const int Page = 500;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await desk.LoadRulesAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Cases.TimerInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Deadline check failed; trying again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Processes every case due now; returns how many changed.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var due = await store.DueAsync(time.GetUtcNow(), Page, cancellationToken);
            var fresh = due.Where(seen.Add).ToList();
            if (fresh.Count == 0)
                break;
            foreach (var id in fresh)
                if (await desk.ApplyTimersAsync(id, cancellationToken))
                    changed++;
        }
        if (changed > 0)
            logger.LogInformation("Deadline check: {Count} cases changed flags or were escalated", changed);
        return changed;
    }
}
