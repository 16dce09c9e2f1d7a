using Hub.Caching;
using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Identity;

/// <summary>
/// Read-through cache of identity lookups: <c>src:{department}:{local id}</c>, <c>idn:{id number}</c>
/// and <c>res:{resident id}</c> (the resident's canonical id and links). The store is the truth:
/// <list type="bullet">
/// <item>a change writes the keys it makes stale into the store's outbox in its own transaction,
/// and they are removed from the cache before the change returns;</item>
/// <item>an invalidation is written as a short-lived tombstone, and loaders only fill absent keys,
/// so a reader that loaded old data just before a change cannot put it back;</item>
/// <item>when the cache fails, it is distrusted (every read goes to the store) until the outbox
/// has been drained into it again — so a Redis that comes back never serves what changed while it was away.</item>
/// </list>
/// </summary>
public sealed class IdentityCache(IHubCache cache, IIdentityStore store, TimeProvider time, IOptions<HubOptions> options, ILogger<IdentityCache> logger)
{
    private const string Tombstone = "\u0000";
    private readonly TimeSpan _tombstoneTtl = options.Value.Cache.InvalidationTombstoneTtl;
    private readonly SemaphoreSlim _drain = new(1, 1);
    private volatile bool _trusted = true;
    private long _generation;

    /// <summary>
    /// True when the cache outlives this process (Redis): invalidations then go through the store's
    /// outbox, so a crash between commit and invalidation cannot leave stale entries behind. The
    /// in-process cache dies with the process and is invalidated directly.
    /// </summary>
    public bool Durable => cache is not LocalHubCache;

    /// <summary>Invalidates what a committed change touched: through the outbox when durable, directly otherwise.</summary>
    public async Task AfterCommitAsync(IReadOnlyCollection<string> directKeys, CancellationToken cancellationToken)
    {
        if (Durable)
        {
            await DrainAsync(cancellationToken);
            return;
        }
        // In-process, a generation number does the tombstones' job exactly: a load that began
        // before this change does not store its answer.
        Interlocked.Increment(ref _generation);
        await cache.RemoveAsync(directKeys, cancellationToken);
    }

    /// <summary>False while the cache may hold stale entries; reads then go to the store.</summary>
    public bool Trusted => _trusted;

    /// <summary>Marks the cache as possibly stale (its connection dropped); reads bypass it until a drain succeeds.</summary>
    public void Distrust() => _trusted = false;

    /// <summary>The cached value of <paramref name="key"/>, else <paramref name="load"/>'s, which is then cached (null is not cached).</summary>
    public async Task<string?> GetOrLoadAsync(string key, Func<CancellationToken, Task<string?>> load, CancellationToken cancellationToken)
    {
        if (!_trusted)
            return await load(cancellationToken);
        try
        {
            var cached = await cache.GetAsync(key, cancellationToken);
            if (cached is not null && cached != Tombstone)
                return cached;
            var started = time.GetTimestamp();
            var generation = Interlocked.Read(ref _generation);
            var loaded = await load(cancellationToken);
            if (loaded is not null && cached is null && time.GetElapsedTime(started) < _tombstoneTtl / 2 && _trusted
                && (Durable || generation == Interlocked.Read(ref _generation)))
                await cache.SetIfAbsentAsync(key, loaded, null, cancellationToken);
            return loaded;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(ex);
            return await load(cancellationToken);
        }
    }

    /// <summary>
    /// Reads <paramref name="key"/> and the key <paramref name="secondKeyPrefix"/> + its value in one
    /// round trip, without loading or filling anything. A value that is absent or a tombstone comes back
    /// null, so the caller goes on with <see cref="GetOrLoadAsync"/> for that key (which loads and fills
    /// as usual). While the cache is distrusted both are null; when the read fails the cache is distrusted
    /// like on any other failure, and both are null.
    /// </summary>
    public async Task<(string? First, string? Second)> GetChainedAsync(string key, string secondKeyPrefix, CancellationToken cancellationToken)
    {
        if (!_trusted)
            return (null, null);
        try
        {
            var (first, second) = await cache.GetChainedAsync(key, secondKeyPrefix, cancellationToken);
            if (first is null || first == Tombstone)
                return (null, null);
            return (first, second == Tombstone ? null : second);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(ex);
            return (null, null);
        }
    }

    /// <summary>Removes every key in the store's outbox from the cache; trusts the cache again when all went.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        await _drain.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var pending = await store.PendingCacheKeysAsync(1000, cancellationToken);
                if (pending.Count == 0)
                    break;
                foreach (var (_, key) in pending)
                    await cache.SetAsync(key, Tombstone, _tombstoneTtl, cancellationToken);
                await store.DeleteCacheKeysAsync(pending.Select(p => p.Id).ToList(), cancellationToken);
            }
            if (!_trusted)
                logger.LogInformation("Identity cache is consistent again and back in use");
            _trusted = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(ex);
        }
        finally
        {
            _drain.Release();
        }
    }

    private void Failed(Exception ex)
    {
        if (_trusted)
            logger.LogWarning(ex, "Identity cache unavailable: answering from the store until it is reachable and cleaned");
        _trusted = false;
    }

    /// <summary>Key of a department record's resident.</summary>
    public static string SourceKey(string department, string localId) => $"src:{department}:{localId}";

    /// <summary>Key of an ID number's resident.</summary>
    public static string IdNumberKey(string idNumber) => $"idn:{idNumber}";

    /// <summary>Key of a resident's canonical id and links.</summary>
    public static string ResidentKey(string residentId) => ResidentKeyPrefix + residentId;

    /// <summary>What <see cref="ResidentKey"/> puts before the resident id.</summary>
    public const string ResidentKeyPrefix = "res:";
}

/// <summary>
/// Keeps the identity cache honest in the background: drains the outbox while the cache is
/// distrusted, and distrusts it when Redis reports a dropped connection.
/// </summary>
public sealed class IdentityCacheGuard(IdentityCache cache, IServiceProvider services, TimeProvider time, ILogger<IdentityCacheGuard> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IHubCache>() is RedisHubCache)
        {
            var redis = services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
            redis.ConnectionFailed += (_, e) =>
            {
                logger.LogWarning("Redis connection to {Endpoint} failed ({Failure}): identity cache distrusted", e.EndPoint, e.FailureType);
                cache.Distrust();
            };
        }
        await cache.DrainAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!cache.Trusted)
                await cache.DrainAsync(stoppingToken);
        }
    }
}
