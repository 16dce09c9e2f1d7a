using System.Globalization;
using System.Threading.RateLimiting;
using Hub.Contracts.V1;
using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Security;

/// <summary>
/// Per-caller limits: calls per second (a token bucket) and residents read per minute (a window), each sized by the
/// caller's policy or the hub's default. A changed policy gets a fresh limiter (its partition key carries the limit).
/// </summary>
public sealed class CallLimits : IDisposable
{
    private readonly SecurityOptions _options;
    private readonly PartitionedRateLimiter<string> _calls;
    private readonly PartitionedRateLimiter<string> _residents;

    /// <summary>Creates the limiters.</summary>
    public CallLimits(IOptions<HubOptions> options)
    {
        _options = options.Value.Security;
        _calls = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, k =>
        {
            var perSecond = LimitOf(k);
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0, AutoReplenishment = true,
            };
        }));
        _residents = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, k =>
            new FixedWindowRateLimiterOptions { PermitLimit = LimitOf(k), Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>Calls per second allowed to this caller.</summary>
    public int CallsPerSecond(CallerPolicy policy) => policy.CallsPerSecond > 0 ? policy.CallsPerSecond : _options.DefaultCallsPerSecond;

    /// <summary>Residents per minute allowed to this caller.</summary>
    public int ResidentsPerMinute(CallerPolicy policy) =>
        policy.ResidentReadsPerMinute > 0 ? policy.ResidentReadsPerMinute : _options.DefaultResidentReadsPerMinute;

    /// <summary>Most residents one answer may name.</summary>
    public int MaxResidentsPerCall => _options.MaxResidentsPerCall;

    /// <summary>Takes one call from the caller's budget; false when it is spent.</summary>
    public bool TryCall(CallerPolicy policy)
    {
        using var lease = _calls.AttemptAcquire(Key(policy.Caller, CallsPerSecond(policy)));
        return lease.IsAcquired;
    }

    /// <summary>Takes <paramref name="count"/> resident reads from the caller's minute; false when they do not fit.</summary>
    public bool TryReadResidents(CallerPolicy policy, int count)
    {
        var limit = ResidentsPerMinute(policy);
        if (count > limit)
            return false;
        using var lease = _residents.AttemptAcquire(Key(policy.Caller, limit), count);
        return lease.IsAcquired;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _calls.Dispose();
        _residents.Dispose();
    }

    private static string Key(string caller, int limit) => $"{caller}|{limit.ToString(CultureInfo.InvariantCulture)}";

    private static int LimitOf(string key) => int.Parse(key.AsSpan(key.LastIndexOf('|') + 1), CultureInfo.InvariantCulture);
}
