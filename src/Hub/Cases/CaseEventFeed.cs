using System.Threading.Channels;
using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>
/// Fans committed case events out to live watchers, from memory. The store's writer publishes after each
/// commit; a watcher whose buffer is full is cut loose (never waited for) and catches up from the store.
/// </summary>
public sealed class CaseEventFeed
{
    /// <summary>Events a watcher may have waiting before it is switched to catching up from the store.</summary>
    public const int BufferPerWatcher = 4096;

    private readonly object _gate = new();
    private readonly int _buffer;
    private Subscription[] _subscriptions = [];
    private long _overflows;

    /// <summary>Listens to the store's commits.</summary>
    public CaseEventFeed(ICaseStore store)
        : this(store, BufferPerWatcher)
    {
    }

    internal CaseEventFeed(ICaseStore store, int bufferPerWatcher)
    {
        _buffer = bufferPerWatcher;
        store.Committed += Publish;
    }

    /// <summary>How many times a watcher fell behind and was switched to catching up from the store.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>Number of live watchers, for logs and tests.</summary>
    public int Count => Volatile.Read(ref _subscriptions).Length;

    /// <summary>Starts buffering the events that pass <paramref name="filter"/>; dispose to stop.</summary>
    public Subscription Subscribe(WatchFilter filter)
    {
        var subscription = new Subscription(this, filter);
        lock (_gate)
            _subscriptions = [.. _subscriptions, subscription];
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
            _subscriptions = _subscriptions.Where(s => s != subscription).ToArray();
    }

    private void Publish(IReadOnlyList<CaseEvent> events)
    {
        var subscriptions = Volatile.Read(ref _subscriptions);
        if (subscriptions.Length == 0)
            return;
        foreach (var e in events)
        {
            var departments = CaseIndex.Departments(e.Snapshot, e.ActorDepartment);
            var division = e.Snapshot.DivisionCode;
            var category = e.Snapshot.Category?.Code ?? "";
            foreach (var s in subscriptions)
                if (s.Filter.Matches(departments, division, category))
                    s.Offer(e);
        }
    }

    /// <summary>One watcher's buffer of live events.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly CaseEventFeed _feed;
        private readonly Channel<CaseEvent> _buffer;

        internal Subscription(CaseEventFeed feed, WatchFilter filter)
        {
            _feed = feed;
            Filter = filter;
            _buffer = Channel.CreateBounded<CaseEvent>(
                new BoundedChannelOptions(feed._buffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }

        /// <summary>What this watcher wants.</summary>
        public WatchFilter Filter { get; }

        /// <summary>True once events were dropped because the buffer was full: the watcher must catch up from the store.</summary>
        public bool Overflowed { get; private set; }

        /// <summary>The buffered events, in commit order; completes after an overflow.</summary>
        public ChannelReader<CaseEvent> Events => _buffer.Reader;

        internal void Offer(CaseEvent e)
        {
            if (Overflowed || _buffer.Writer.TryWrite(e))
                return;
            Overflowed = true;
            Interlocked.Increment(ref _feed._overflows);
            _buffer.Writer.TryComplete();
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _feed.Remove(this);
            _buffer.Writer.TryComplete();
        }
    }
}
