namespace Hub.Federation;

/// <summary>
/// Recent latencies of calls to one adapter, for its p50 and p99: a ring of time slots covering the
/// window, each a histogram with logarithmic buckets (5 % wide, up to about 5 minutes), so memory stays fixed however
/// many calls are made. A slot older than the window is cleared before it is reused.
/// </summary>
public sealed class LatencyWindow
{
    private const int Slots = 10;
    private const int Buckets = 400;
    private const double Growth = 1.05;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly TimeProvider _time;
    private readonly long _slotTicks;
    private readonly int[][] _counts = new int[Slots][];
    private readonly long[] _slotStart = new long[Slots];
    private readonly Lock _lock = new();

    /// <summary>A window of <paramref name="window"/> on the clock <paramref name="time"/>.</summary>
    public LatencyWindow(TimeSpan window, TimeProvider time)
    {
        _time = time;
        _slotTicks = Math.Max(1, window.Ticks / Slots);
        for (var i = 0; i < Slots; i++)
        {
            _counts[i] = new int[Buckets];
            _slotStart[i] = long.MinValue;
        }
    }

    /// <summary>Records one call's latency.</summary>
    /// <remarks>
    /// Every facet read records here, so the common case takes no lock: an interlocked increment in the
    /// current slot. Only the first call of a new slot (once per window / 10) takes the lock to clear the
    /// slot it reuses; a call racing that clear may lose its count, which a percentile over minutes of calls does not notice.
    /// </remarks>
    public void Record(TimeSpan latency)
    {
        var bucket = BucketOf(latency);
        var slotIndex = _time.GetUtcNow().UtcTicks / _slotTicks;
        var slot = (int)(slotIndex % Slots);
        if (Volatile.Read(ref _slotStart[slot]) != slotIndex)
        {
            lock (_lock)
            {
                if (_slotStart[slot] != slotIndex)
                {
                    Array.Clear(_counts[slot]);
                    Volatile.Write(ref _slotStart[slot], slotIndex);
                }
            }
        }
        Interlocked.Increment(ref _counts[slot][bucket]);
    }

    /// <summary>The 50th and 99th percentiles over the window; zero when no call was recorded.</summary>
    public (TimeSpan P50, TimeSpan P99, long Count) Percentiles()
    {
        var merged = new long[Buckets];
        long total = 0;
        var current = _time.GetUtcNow().UtcTicks / _slotTicks;
        lock (_lock)
        {
            for (var s = 0; s < Slots; s++)
            {
                if (_slotStart[s] <= current - Slots)
                    continue;
                for (var b = 0; b < Buckets; b++)
                {
                    var count = Volatile.Read(ref _counts[s][b]);
                    merged[b] += count;
                    total += count;
                }
            }
        }
        if (total == 0)
            return (TimeSpan.Zero, TimeSpan.Zero, 0);
        return (ValueAt(merged, total, 0.50), ValueAt(merged, total, 0.99), total);
    }

    private static TimeSpan ValueAt(long[] merged, long total, double p)
    {
        var rank = (long)Math.Ceiling(p * total);
        long seen = 0;
        for (var b = 0; b < Buckets; b++)
        {
            seen += merged[b];
            if (seen >= rank)
                return UpperBound(b);
        }
        return UpperBound(Buckets - 1);
    }

    // Bucket 0 holds everything up to 1 µs; bucket b > 0 holds (Growth^(b-1), Growth^b] µs.
    private static int BucketOf(TimeSpan latency)
    {
        var micros = latency.Ticks / 10.0;
        if (micros <= 1)
            return 0;
        return Math.Min(Buckets - 1, (int)Math.Ceiling(Math.Log(micros) / LogGrowth));
    }

    private static TimeSpan UpperBound(int bucket) => TimeSpan.FromTicks((long)(Math.Pow(Growth, bucket) * 10));
}
