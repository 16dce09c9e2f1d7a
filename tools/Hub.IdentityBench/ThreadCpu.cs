using System.Runtime.InteropServices;

namespace Hub.IdentityBench;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): on a shared machine wall-clock
/// phases swing with the load of other processes, the CPU a phase burns much less.
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The calling thread's CPU time so far, or zero where the clock is not available.</summary>
    public static TimeSpan Now()
    {
        if (!OperatingSystem.IsLinux())
            return TimeSpan.Zero;
        return ClockGetTime(ClockThreadCpuTimeId, out var t) == 0
            ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100)
            : TimeSpan.Zero;
    }
}
