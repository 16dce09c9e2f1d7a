using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Identity;

/// <summary>
/// Settles, every <c>Hub:Identity:RelinkInterval</c>, the stored records whose identity step failed while the hub
/// runs (see <see cref="IdentityEngine.RelinkAsync"/>): without it they would wait for the next start.
/// </summary>
public sealed class IdentityRelinker(IdentityEngine engine, IOptions<HubOptions> options, TimeProvider time, ILogger<IdentityRelinker> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Identity.RelinkInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // Nothing remembered is the usual case: RelinkAsync then returns at once.
                try
                {
                    await engine.RelinkAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "{Count} stored record(s) still wait for their identity step; trying again in {Interval}",
                        engine.Unsettled, options.Value.Identity.RelinkInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The hub is stopping; what is left is settled when it starts again.
        }
    }
}
