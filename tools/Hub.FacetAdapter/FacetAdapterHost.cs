using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hub.FacetAdapter;

/// <summary>
/// An adapter host: Kestrel (h2c) serving DepartmentAdapterService and, when a hub is given, registering
/// with it (SERVE_FACETS at its own address) and sending heartbeats. Runs inside a process of its own
/// (Program) or inside a test or benchmark.
/// </summary>
public sealed class FacetAdapterHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FacetAdapterHost(WebApplication app, AdapterSettings settings, string address)
    {
        _app = app;
        Settings = settings;
        Address = address;
    }

    /// <summary>Its settings; <see cref="AdapterSettings.Delay"/> may be changed while it runs.</summary>
    public AdapterSettings Settings { get; }

    /// <summary>Base URL it listens on, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; }

    /// <summary>Starts the host; returns once it listens and, with a hub, has registered.</summary>
    public static async Task<FacetAdapterHost> StartAsync(AdapterSettings settings, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(settings.Url);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        var database = new FacetDatabase(settings.Database);
        await database.CreateAsync(cancellationToken);
        builder.Services.AddSingleton(settings);
        // Through a factory, so the container disposes it (and the connections it keeps) when the host stops.
        builder.Services.AddSingleton(_ => database);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<FacetAdapterService>();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var host = new FacetAdapterHost(app, settings, address);
        if (settings.HubUrl is not null)
        {
            var interval = await host.RegisterAsync(cancellationToken);
            _ = host.HeartbeatAsync(interval, app.Lifetime.ApplicationStopping);
        }
        return host;
    }

    private async Task<TimeSpan> RegisterAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(Settings.HubUrl!);
        var response = await new AdapterRegistryService.AdapterRegistryServiceClient(channel).RegisterAsync(new RegisterRequest
        {
            Department = Settings.Department, AdapterId = Settings.AdapterId, Version = "1",
            Capabilities = { AdapterCapability.ServeFacets }, Endpoint = Address,
        }, Headers(), deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
        return response.HeartbeatInterval.ToTimeSpan();
    }

    private async Task HeartbeatAsync(TimeSpan interval, CancellationToken stopping)
    {
        using var channel = GrpcChannel.ForAddress(Settings.HubUrl!);
        var client = new AdapterRegistryService.AdapterRegistryServiceClient(channel);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stopping);
                var answer = await client.HeartbeatAsync(new HeartbeatRequest { AdapterId = Settings.AdapterId, Backlog = -1 }, Headers(),
                    deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: stopping);
                interval = answer.HeartbeatInterval.ToTimeSpan();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                await RegisterAsync(stopping);
            }
            catch (RpcException)
            {
                // The hub is away; try again at the next beat.
            }
        }
    }

    private Metadata? Headers() => Settings.ApiKey.Length == 0 ? null : new Metadata { { "authorization", "Bearer " + Settings.ApiKey } };

    /// <summary>Stops listening: new calls are refused, like a department system that went down.</summary>
    public async ValueTask DisposeAsync()
    {
        // Calls in flight get a second to finish; a slow one is cut off, as when a system goes down.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
