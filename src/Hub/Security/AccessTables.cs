using Hub.Contracts.V1;
using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Security;

/// <summary>What the hub knows about its callers at one moment: keys by id and policies by caller.</summary>
public sealed record AccessSnapshot(long Counter, IReadOnlyDictionary<string, ApiKeyRow> Keys, IReadOnlyDictionary<string, CallerPolicy> Policies);

/// <summary>
/// Keys and policies held in memory, so checking a call costs no store read. Reloaded when the store's change
/// counter moves (checked at most once per <see cref="SecurityOptions.RefreshInterval"/>), and at once after a
/// change made through this hub: a change reaches every replica within the interval, without a restart.
/// </summary>
public sealed class AccessTables(IAccessStore store, TimeProvider time, IOptions<HubOptions> options, ILogger<AccessTables> logger)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly TimeSpan _interval = options.Value.Security.RefreshInterval;
    private volatile AccessSnapshot? _snapshot;
    private long _checkedAt = long.MinValue;

    /// <summary>The current tables, reloaded first when they may be stale.</summary>
    public async ValueTask<AccessSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && time.GetTimestamp() - Interlocked.Read(ref _checkedAt) < _interval.TotalSeconds * time.TimestampFrequency)
            return snapshot;
        return await RefreshAsync(force: false, cancellationToken);
    }

    /// <summary>Reloads now (after a change made through this hub).</summary>
    public Task<AccessSnapshot> ReloadAsync(CancellationToken cancellationToken) => RefreshAsync(force: true, cancellationToken);

    private async Task<AccessSnapshot> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            var current = _snapshot;
            if (!force && current is not null && time.GetTimestamp() - Interlocked.Read(ref _checkedAt) < _interval.TotalSeconds * time.TimestampFrequency)
                return current;
            var counter = await store.ChangeCounterAsync(cancellationToken);
            if (current is null || force || counter != current.Counter)
            {
                var keys = await store.AllKeysAsync(cancellationToken);
                var policies = await store.AllPoliciesAsync(cancellationToken);
                current = new AccessSnapshot(counter, keys.ToDictionary(k => k.KeyId, StringComparer.Ordinal),
                    policies.ToDictionary(p => p.Caller, StringComparer.Ordinal));
                if (_snapshot is not null)
                    logger.LogInformation("Access tables reloaded: {Keys} keys, {Policies} policies (change {Counter})", keys.Count, policies.Count, counter);
                _snapshot = current;
            }
            Interlocked.Exchange(ref _checkedAt, time.GetTimestamp());
            return current;
        }
        finally
        {
            _reload.Release();
        }
    }
}
