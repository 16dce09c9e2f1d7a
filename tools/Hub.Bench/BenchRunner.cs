using System.Diagnostics;

namespace Hub.Bench;

/// <summary>Figures of one scenario run.</summary>
public sealed record BenchResult(string Scenario, int Concurrency, long Calls, long Errors, TimeSpan Elapsed,
    double P50Ms, double P99Ms, double MaxMs, string? FirstError)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;
}

/// <summary>Runs a scenario with N concurrent workers: a warm-up, then a measured period.</summary>
public static class BenchRunner
{
    public static async Task<BenchResult> RunAsync(IScenario scenario, int concurrency, TimeSpan warmup, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        await RunPhaseAsync(scenario, concurrency, warmup, record: false, cancellationToken);
        return await RunPhaseAsync(scenario, concurrency, duration, record: true, cancellationToken);
    }

    private static async Task<BenchResult> RunPhaseAsync(IScenario scenario, int concurrency, TimeSpan length, bool record,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var samples = new List<long>[concurrency];
        long errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();

        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<long>(capacity: 1 << 16);
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await scenario.CallAsync(w, i, CancellationToken.None);
                    if (record)
                        mine.Add(Stopwatch.GetTimestamp() - started);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }
            }
        }, CancellationToken.None)).ToArray();

        await Task.Delay(length, cancellationToken);
        stop.Cancel();
        await Task.WhenAll(workers);
        clock.Stop();

        var all = samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return new BenchResult(scenario.Name, concurrency, all.LongLength, errors, clock.Elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : ToMs(all[^1]), firstError);
    }

    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : ToMs(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)]);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
