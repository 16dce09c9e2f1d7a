using Hub.Caching;
using Hub.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hub.Hosting;

/// <summary>
/// The gRPC health service. Service names: <c>""</c> (the whole hub), <c>store</c>, <c>cache</c>,
/// <c>adapters</c> (facet-serving adapters: degraded when one is stale or its breaker is open),
/// and <c>liveness</c> (answers without touching any dependency; also the benchmark baseline).
/// </summary>
public static class HealthExtensions
{
    /// <summary>Health service name that runs no checks: the process is up and serving gRPC.</summary>
    public const string Liveness = "liveness";

    /// <summary>Registers the store and cache checks and maps them onto gRPC health service names.</summary>
    public static IHostApplicationBuilder AddHubHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrpcHealthChecks(o =>
            {
                o.Services.Map("", _ => true);
                o.Services.Map("store", r => r.Name == "store");
                o.Services.Map("cache", r => r.Name == "cache");
                o.Services.Map("adapters", r => r.Name == "adapters");
                o.Services.Map(Liveness, r => r.Name == "self");
            })
            // "self" touches nothing: if the call is answered, the process is up and serving gRPC.
            .AddCheck("self", () => HealthCheckResult.Healthy("serving"))
            .AddCheck<StoreHealthCheck>("store")
            .AddCheck<CacheHealthCheck>("cache")
            .AddCheck<Federation.AdapterHealthCheck>("adapters");
        return builder;
    }
}

/// <summary>Healthy when the store answers a query.</summary>
internal sealed class StoreHealthCheck(IHubStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{store.Provider} at {store.Location}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.Provider} at {store.Location} does not answer", ex);
        }
    }
}

/// <summary>
/// Healthy when the cache answers. An unreachable Redis is <c>Degraded</c>, not unhealthy:
/// the hub still answers correctly from the store, only slower.
/// </summary>
internal sealed class CacheHealthCheck(IHubCache cache) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await cache.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy(cache.Mode == "local" ? "in-process cache (single-node mode)" : "redis");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded("redis unreachable: answering from the store", ex);
        }
    }
}
