namespace Hub.SampleData;

/// <summary>
/// A small seeded generator (xoshiro256**) whose sequence depends only on the seed and the
/// stream name, never on the .NET version, so a seed reproduces the same data everywhere.
/// </summary>
internal sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates the generator for one named stream of a seed; streams are independent.</summary>
    public Rng(int seed, string stream)
    {
        // FNV-1a of the stream name, mixed with the seed through SplitMix64.
        var x = 14695981039346656037UL;
        foreach (var c in stream)
            x = (x ^ c) * 1099511628211UL;
        x ^= (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A number in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>One element, uniformly.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>One character of a string, uniformly.</summary>
    public char Pick(string chars) => chars[Next(chars.Length)];

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

/// <summary>Picks items with fixed relative weights (cumulative table, binary search).</summary>
internal sealed class Weighted<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public Weighted(IEnumerable<(T Item, double Weight)> entries)
    {
        var list = entries.Where(e => e.Weight > 0).ToList();
        _items = list.Select(e => e.Item).ToArray();
        _cumulative = new double[list.Count];
        double sum = 0;
        for (var i = 0; i < list.Count; i++)
            _cumulative[i] = sum += list[i].Weight;
    }

    /// <summary>The items, in the order given.</summary>
    public IReadOnlyList<T> Items => _items;

    public T Pick(Rng rng)
    {
        var x = rng.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, x);
        i = i < 0 ? ~i : i + 1;
        return _items[Math.Min(i, _items.Length - 1)];
    }
}
