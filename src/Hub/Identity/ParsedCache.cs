using System.Collections.Concurrent;

namespace Hub.Identity;

/// <summary>
/// Parsed forms of cached texts, by the text itself: the same text always parses to the same value, so an entry is
/// never stale, only unused. Bounded: once <c>capacity</c> texts have been added it starts over empty (a re-parse is
/// the whole cost of a miss). The values are shared: callers copy them before handing them out.
/// </summary>
/// <typeparam name="T">The parsed form.</typeparam>
public sealed class ParsedCache<T>(int capacity, Func<string, T> parse) where T : class
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);
    private int _added;

    /// <summary>The parsed form of <paramref name="text"/>, parsed now if it is not held.</summary>
    public T Get(string text)
    {
        if (_entries.TryGetValue(text, out var parsed))
            return parsed;
        parsed = parse(text);
        // A counter, not Count: ConcurrentDictionary.Count takes every lock of the table.
        if (Interlocked.Increment(ref _added) > capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _added, 1);
        }
        _entries[text] = parsed;
        return parsed;
    }

    /// <summary>How many texts are held (for tests).</summary>
    public int Count => _entries.Count;
}
