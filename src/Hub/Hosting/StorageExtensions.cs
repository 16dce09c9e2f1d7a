using Hub.Addresses.Registry;
using Hub.Caching;
using Hub.Dictionaries;
using Hub.Federation;
using Hub.Identity;
using Hub.Ingest;
using Hub.Storage.Sqlite;
using Hub.Storage;
using Microsoft.Extensions.Options;

namespace Hub.Hosting;

/// <summary>Registers the store and migrates it before the hub accepts calls.</summary>
public static class StorageExtensions
{
    /// <summary>Adds the configured <see cref="IHubStore"/> and a start-up step that migrates it.</summary>
    public static IHostApplicationBuilder AddHubStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HubOptions>>().Value;
            var path = Path.Combine(Path.GetFullPath(options.DataDirectory), options.Store.FileName);
            return new SqliteHubStore(path, options.Store.Synchronous, options.Store.BusyTimeoutSeconds,
                sp.GetRequiredService<TimeProvider>(), options.Store.CacheMiB, options.Store.MmapMiB);
        });
        builder.Services.AddSingleton<IHubStore>(sp => sp.GetRequiredService<SqliteHubStore>());
        // One repository per domain area, each implemented per engine.
        builder.Services.AddSingleton<IMappingStore, SqliteMappingStore>();
        builder.Services.AddSingleton<IIngestStore, SqliteIngestStore>();
        builder.Services.AddSingleton<IAdapterRegistryStore, SqliteAdapterRegistryStore>();
        builder.Services.AddSingleton<IAddressRegistryStore, SqliteAddressRegistryStore>();
        builder.Services.AddSingleton<IIdentityStore, SqliteIdentityStore>();
        builder.Services.AddHostedService<StoreMigrator>();
        return builder;
    }
}

/// <summary>
/// Migrates the store at start and brings up the cache (which announces its mode). Hosted
/// services start before Kestrel listens, so no call sees an old schema.
/// </summary>
internal sealed class StoreMigrator(IHubStore store, IHubCache cache, ILogger<StoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Cache mode {Mode}", cache.Mode);
        var before = await store.GetSchemaVersionAsync(cancellationToken);
        var after = await store.MigrateAsync(cancellationToken);
        logger.LogInformation("Store {Provider} at {Location}: schema version {Before} -> {After}",
            store.Provider, store.Location, before, after);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
