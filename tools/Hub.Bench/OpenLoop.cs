using System.Diagnostics;

namespace Hub.Bench;

/// <summary>Figures of one open-loop run.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Rate">Calls started per second, as scheduled.</param>
/// <param name="Calls">Calls that ended, errors included.</param>
/// <param name="Errors">Calls that failed.</param>
/// <param name="Elapsed">From the first scheduled start until the last call ended.</param>
/// <param name="P50Ms">Median latency of the calls that succeeded, from their scheduled start.</param>
/// <param name="P99Ms">99th percentile, likewise.</param>
/// <param name="MaxMs">Slowest, likewise.</param>
/// <param name="CpuPerCallUs">CPU time of this process per call, in microseconds (every thread: client, and whatever else runs in it).</param>
/// <param name="FirstError">The first failure's message, or null.</param>
public sealed record OpenLoopResult(string Scenario, int Rate, long Calls, long Errors, TimeSpan Elapsed, double P50Ms, double P99Ms, double MaxMs,
    double CpuPerCallUs, string? FirstError);

/// <summary>
/// Runs a scenario open-loop: calls start on a fixed schedule, <c>rate</c> per second, whether or not the
/// earlier ones have ended, and each call's latency runs from its scheduled start (so a late start counts
/// against it: no coordinated omission). Below saturation this is the latency one caller sees at that load,
/// which the closed-loop figures at N callers are not: there every caller waits in the queue the others make.
/// </summary>
public static class OpenLoop
{
    /// <summary>Warms up for <paramref name="warmup"/> at the same rate, then measures for <paramref name="duration"/>.</summary>
    public static async Task<OpenLoopResult> RunAsync(IScenario scenario, int rate, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (warmup > TimeSpan.Zero)
            await RunPhaseAsync(scenario, rate, warmup, cancellationToken);
        return await RunPhaseAsync(scenario, rate, duration, cancellationToken);
    }

    private static async Task<OpenLoopResult> RunPhaseAsync(IScenario scenario, int rate, TimeSpan length, CancellationToken cancellationToken)
    {
        var total = (long)(rate * length.TotalSeconds);
        var latencies = new long[total];
        var failed = new bool[total];
        string? firstError = null;
        var calls = new List<Task>((int)Math.Min(total, 1 << 20));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var ticksPerCall = (double)Stopwatch.Frequency / rate;

        for (long k = 0; k < total; k++)
        {
            var due = start + (long)(k * ticksPerCall);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            // Timers are coarse (about 1 ms) and may fire late on a busy machine; no spinning, which would load the
            // machine under test. A late start is charged to the call, as its latency runs from the schedule.
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait, cancellationToken);
            calls.Add(CallAsync(k, due));
        }
        await Task.WhenAll(calls);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var errors = failed.LongCount(f => f);
        var ok = latencies.Where((_, i) => !failed[i]).ToArray();
        Array.Sort(ok);
        return new OpenLoopResult(scenario.Name, rate, total, errors, elapsed, Percentile(ok, 0.50), Percentile(ok, 0.99),
            ok.Length == 0 ? 0 : ToMs(ok[^1]), total == 0 ? 0 : cpu.TotalMicroseconds / total, firstError);

        async Task CallAsync(long k, long due)
        {
            // Yield first so the schedule loop is never held up by the synchronous part of a call.
            await Task.Yield();
            try
            {
                await scenario.CallAsync((int)(k % 1024), k / 1024, CancellationToken.None);
            }
            catch (Exception ex)
            {
                failed[k] = true;
                Interlocked.CompareExchange(ref firstError, ex.Message, null);
            }
            latencies[k] = Stopwatch.GetTimestamp() - due;
        }
    }

    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : ToMs(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)]);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Prints open-loop runs under the scenario table, and the federation targets read off them.</summary>
public static class OpenLoopReport
{
    private static readonly Dictionary<string, OpenLoopResult> Results = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="scenario"/> open-loop at <paramref name="rate"/> and prints one line; true when a call failed.</summary>
    public static async Task<bool> RunAsync(IScenario scenario, int rate, int warmupSeconds, int durationSeconds, CancellationToken cancellationToken)
    {
        var r = await OpenLoop.RunAsync(scenario, rate, TimeSpan.FromSeconds(warmupSeconds), TimeSpan.FromSeconds(durationSeconds), cancellationToken);
        Results[r.Scenario] = r;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"  open loop {r.Rate}/s{"",-7} {r.Calls,10} {r.Calls / r.Elapsed.TotalSeconds,10:0} {r.P50Ms,8:0.000} {r.P99Ms,8:0.000} {r.MaxMs,8:0.0} {r.Errors,7}   cpu/call {r.CpuPerCallUs:0} µs (bench process)"));
        if (r.FirstError is not null)
            Console.WriteLine($"  first error: {r.FirstError}");
        return r.Errors > 0;
    }

    /// <summary>The federation targets from the open-loop runs, when they were made.</summary>
    public static void PrintTargets()
    {
        if (Results.TryGetValue("adapters-direct", out var direct) && Results.TryGetValue("resident-view", out var view))
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"open loop, {view.Rate}/s: hub over the slowest adapter at p99: {view.P99Ms - direct.P99Ms:+0.000;-0.000} ms (target <= 3 ms)"));
        if (Results.TryGetValue("resident-view", out var healthy) && Results.TryGetValue("resident-view-dead", out var dead))
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"open loop, {dead.Rate}/s: one adapter dead, breaker open, p99 change: {dead.P99Ms - healthy.P99Ms:+0.000;-0.000} ms (target <= 1 ms)"));
    }
}
