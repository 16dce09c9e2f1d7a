using Hub.Addresses;
using Hub.Addresses.Registry;
using Hub.Dictionaries;
using Hub.Identity;
using Hub.Identity.Matching;
using Microsoft.Extensions.Options;
using Hub.Grpc;
using Hub.Ingest;

namespace Hub.Hosting;

/// <summary>The domain areas: dictionaries and mappings, ingest and its quarantine.</summary>
public static class DomainExtensions
{
    /// <summary>Adds the canonical dictionaries, the mapping service and the translator.</summary>
    public static IHostApplicationBuilder AddHubDictionaries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => DictionaryCatalog.Default);
        builder.Services.AddSingleton<DictionaryVersions>();
        builder.Services.AddHostedService<DictionaryVersionRecorder>();
        builder.Services.AddSingleton<MappingChangeSignal>();
        builder.Services.AddSingleton<MappingService>();
        builder.Services.AddSingleton<CodeTranslator>();
        return builder;
    }

    /// <summary>Adds the address parser and the standard-address registry.</summary>
    public static IHostApplicationBuilder AddHubAddresses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => AddressParser.Shared);
        builder.Services.AddSingleton<AddressRegistry>();
        return builder;
    }

    /// <summary>Adds identity resolution: rules, matching index, engine, cached lookups and the cache guard.</summary>
    public static IHostApplicationBuilder AddHubIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<IOptions<HubOptions>>().Value.Identity.RulesFile;
            if (string.IsNullOrWhiteSpace(file))
                return MatchRules.Default;
            using var stream = File.OpenRead(file);
            return MatchRules.Load(stream);
        });
        builder.Services.AddSingleton<IdentityResolver>();
        builder.Services.AddSingleton<FeatureExtractor>();
        builder.Services.AddSingleton<IdentityCache>();
        builder.Services.AddSingleton<IdentityEngine>();
        builder.Services.AddSingleton<IdentityLookup>();
        builder.Services.AddHostedService<IdentityLoader>();
        builder.Services.AddHostedService<IdentityCacheGuard>();
        builder.Services.AddHostedService<IdentityRelinker>();
        return builder;
    }

    /// <summary>Adds ingest: the per-record processor, the Push stream registry and the quarantine replayer.</summary>
    public static IHostApplicationBuilder AddHubIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IngestProcessor>();
        builder.Services.AddSingleton<AddressEnricher>();
        builder.Services.AddSingleton<PushStreams>();
        builder.Services.AddSingleton<QuarantineReplayer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QuarantineReplayer>());
        return builder;
    }
}

/// <summary>Builds the matching index at start (after the store is migrated), before the hub takes calls.</summary>
internal sealed class IdentityLoader(IdentityEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
