using System.Diagnostics;

namespace Hub.Bench;

/// <summary>Figures of one scenario run.</summary>
public sealed record BenchResult(string Scenario, int Concurrency, long Calls, long Errors, TimeSpan Elapsed,
    double P50Ms, double P99Ms, double MaxMs, string? FirstError)
{
    /// <summary>How long the warm-up before the measured period ran.</summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>Process CPU time during the measured period (client and in-process hub together).</summary>
    public TimeSpan Cpu { get; init; }

    /// <summary>Bytes allocated in the process during the measured period.</summary>
    public long AllocatedBytes { get; init; }

    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    /// <summary>CPU microseconds per call: holds on a loaded machine, where calls per second do not.</summary>
    public double CpuMicrosecondsPerCall => Calls == 0 ? 0 : Cpu.TotalMicroseconds / Calls;

    /// <summary>Kilobytes allocated per call.</summary>
    public double AllocatedKilobytesPerCall => Calls == 0 ? 0 : AllocatedBytes / 1024.0 / Calls;
}

/// <summary>Runs a scenario with N concurrent workers: a warm-up, then a measured period.</summary>
public static class BenchRunner
{
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Warms up for <paramref name="warmup"/>, then goes on in 2-second slices while throughput still
    /// rises (until two slices in a row do not beat the best one by 5 %), up to <paramref name="maxWarmup"/> in all;
    /// then measures for <paramref name="duration"/>.
    /// </summary>
    /// <remarks>
    /// The second part matters on small machines: the JIT re-compiles the hot paths of Kestrel,
    /// HTTP/2, gRPC and the hub in the background (tiered compilation), and with every core busy
    /// serving calls that takes tens of seconds on 2 cores, during which throughput rises several-fold.
    /// Measured before that, the first scenario (the noop baseline) comes out far too slow and
    /// every "vs noop" ratio after it far too high.
    /// </remarks>
    public static async Task<BenchResult> RunAsync(IScenario scenario, int concurrency, TimeSpan warmup, TimeSpan duration,
        CancellationToken cancellationToken, TimeSpan? maxWarmup = null)
    {
        var limit = maxWarmup ?? warmup;
        var clock = Stopwatch.StartNew();
        if (warmup > TimeSpan.Zero)
            await RunPhaseAsync(scenario, concurrency, warmup, record: false, cancellationToken);
        // Noise on a busy machine is ±10-20 % per slice: stop only after two slices in a row fail to beat the best by 5 %.
        var best = 0.0;
        var flat = 0;
        while (flat < 2 && clock.Elapsed + Slice <= limit)
        {
            var rate = (await RunPhaseAsync(scenario, concurrency, Slice, record: false, cancellationToken)).CallsPerSecond;
            flat = rate > best * 1.05 ? 0 : flat + 1;
            best = Math.Max(best, rate);
        }
        var warmed = clock.Elapsed;
        return await RunPhaseAsync(scenario, concurrency, duration, record: true, cancellationToken) with { Warmup = warmed };
    }

    private static async Task<BenchResult> RunPhaseAsync(IScenario scenario, int concurrency, TimeSpan length, bool record,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var samples = new List<long>[concurrency];
        long errors = 0;
        long unrecorded = 0;
        string? firstError = null;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();

        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<long>(capacity: record ? 1 << 16 : 0);
            long done = 0;
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await scenario.CallAsync(w, i, CancellationToken.None);
                    if (record)
                        mine.Add(Stopwatch.GetTimestamp() - started);
                    else
                        done++;
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }
            }
            Interlocked.Add(ref unrecorded, done);
        }, CancellationToken.None)).ToArray();

        await Task.Delay(length, cancellationToken);
        stop.Cancel();
        await Task.WhenAll(workers);
        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;

        if (!record)
            return new BenchResult(scenario.Name, concurrency, unrecorded, errors, clock.Elapsed, 0, 0, 0, firstError);
        var all = samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return new BenchResult(scenario.Name, concurrency, all.LongLength, errors, clock.Elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : ToMs(all[^1]), firstError)
        {
            Cpu = cpu, AllocatedBytes = allocated,
        };
    }

    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : ToMs(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)]);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
