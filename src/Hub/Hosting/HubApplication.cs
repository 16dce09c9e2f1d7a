using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Hub.Hosting;

/// <summary>Builds the hub. <c>Program</c> runs it; tests and benchmarks start it on a loopback port of their own.</summary>
public static class HubApplication
{
    /// <summary>Where the hub listens when nothing else is configured: loopback only, never all interfaces by surprise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Creates a configured hub from command-line arguments (<c>--urls</c>, <c>--Hub:Key=value</c>)
    /// on top of <c>appsettings.json</c> and environment variables (<c>Hub__Store__Provider</c>, <c>ASPNETCORE_URLS</c>).
    /// </summary>
    /// <param name="args">Command-line settings.</param>
    /// <param name="configureServices">Registrations made before the hub's own, e.g. a test's <see cref="TimeProvider"/>.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits next to the binary, wherever the hub is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The standard ASP.NET ways (--urls, ASPNETCORE_URLS, Kestrel:Endpoints) win; this is only the default.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
            builder.WebHost.UseUrls(DefaultUrl);
        // gRPC without TLS needs HTTP/2 only: there is no ALPN to negotiate it.
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));

        configureServices?.Invoke(builder.Services);
        builder.Services.TryAddSingletonTimeProvider();
        builder.Services.AddOptions<HubOptions>()
            .BindConfiguration(HubOptions.Section, o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();

        builder.AddHubLogging()
            .AddHubStorage()
            .AddHubSecurity()
            .AddHubCaching()
            .AddHubHealth()
            .AddHubDictionaries()
            .AddHubAddresses()
            .AddHubIdentity()
            .AddHubIngest()
            .AddHubFederation()
            .AddHubCases()
            .AddHubGrpc();

        var app = builder.Build();
        app.MapHubGrpc();
        return app;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
