using Hub.Contracts.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hub.Federation;

/// <summary>
/// Health of the facet-serving adapters (gRPC health service <c>adapters</c>): degraded, never
/// unhealthy, when one is stale or its breaker is open; the hub still answers, with that facet
/// UNAVAILABLE. The description names each adapter in trouble.
/// </summary>
internal sealed class AdapterHealthCheck(AdapterDirectory directory, AdapterConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = await directory.FacetServersAsync(cancellationToken);
        var adapters = servers.Values.SelectMany(a => a).ToList();
        if (adapters.Count == 0)
            return HealthCheckResult.Healthy("no adapter serving facets is registered");
        var troubled = new List<string>();
        foreach (var a in adapters)
        {
            var state = connections.Find(a.AdapterId)?.State ?? BreakerState.Unspecified;
            if (state is BreakerState.Open or BreakerState.HalfOpen)
                troubled.Add($"{a.AdapterId} ({a.Department}): breaker {(state == BreakerState.Open ? "open" : "half-open")}");
            else if (directory.IsStale(a))
                troubled.Add($"{a.AdapterId} ({a.Department}): no heartbeat since {a.LastHeartbeatAt:O}");
        }
        return troubled.Count == 0
            ? HealthCheckResult.Healthy($"{adapters.Count} adapter(s) serving facets, all answering")
            : HealthCheckResult.Degraded($"{troubled.Count} of {adapters.Count} adapter(s) in trouble: {string.Join("; ", troubled)}");
    }
}
