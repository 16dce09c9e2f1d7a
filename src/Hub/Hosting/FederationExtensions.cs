using Hub.Federation;
using Hub.Residents;
using Hub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hub.Hosting;

/// <summary>Federated reads: the adapter directory, a channel and pipeline per adapter, and the resident view and search.</summary>
public static class FederationExtensions
{
    /// <summary>Adds <c>Hub:Federation</c> validation, the adapter connections and the resident services' domain.</summary>
    public static IHostApplicationBuilder AddHubFederation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<HubOptions>, FederationOptionsValidator>();
        builder.Services.AddSingleton<AdapterDirectory>();
        builder.Services.AddSingleton<AdapterConnections>();
        builder.Services.AddSingleton<FacetFetcher>();
        // Issue #9 replaces this with the callers' real policies.
        builder.Services.TryAddSingleton<IResidentAccessPolicy, OpenResidentAccessPolicy>();
        builder.Services.AddSingleton<IResidentRecordStore, SqliteResidentRecordStore>();
        builder.Services.AddSingleton<ResidentReader>();
        builder.Services.AddSingleton<ResidentSearch>();
        return builder;
    }
}
