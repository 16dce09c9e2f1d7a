using Hub.Addresses;
using Hub.Addresses.Registry;
using Hub.Dictionaries;
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
