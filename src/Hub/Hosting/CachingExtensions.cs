using Hub.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Hub.Hosting;

/// <summary>Chooses the cache: Redis when <c>Hub:Cache:Redis</c> is set, the in-process cache otherwise.</summary>
public static class CachingExtensions
{
    /// <summary>Adds <see cref="IHubCache"/> and, for Redis, the process-wide multiplexer.</summary>
    public static IHostApplicationBuilder AddHubCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HubOptions>>().Value.Cache;
            var config = ConfigurationOptions.Parse(options.Redis);
            // Start even when Redis is down: the hub then answers from the store and reconnects in the background.
            config.AbortOnConnectFail = false;
            config.ClientName = "hub";
            return ConnectionMultiplexer.Connect(config);
        });
        builder.Services.AddSingleton<IHubCache>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HubOptions>>().Value.Cache;
            var logger = sp.GetRequiredService<ILogger<IHubCache>>();
            if (string.IsNullOrWhiteSpace(options.Redis))
            {
                logger.LogWarning(
                    "No Redis configured (Hub:Cache:Redis is empty): using the in-process cache. Single-node mode: run only one hub on this store.");
                return new LocalHubCache(sp.GetRequiredService<TimeProvider>(), options.DefaultTtl, options.MaxLocalEntries);
            }
            var redis = sp.GetRequiredService<IConnectionMultiplexer>();
            logger.LogInformation("Cache on Redis {Endpoints} with key prefix {Prefix}",
                string.Join(",", redis.GetEndPoints().Select(e => e.ToString())), options.KeyPrefix);
            return new RedisHubCache(redis, options.KeyPrefix, options.DefaultTtl);
        });
        return builder;
    }
}
