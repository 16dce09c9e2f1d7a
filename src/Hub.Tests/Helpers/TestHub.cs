using Grpc.Net.Client;
using Hub.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hub.Tests.Helpers;

/// <summary>A real hub on a free loopback port, with its own data folder, for one test.</summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly TempFolder _data = new();
    private WebApplication? _app;
    private bool _started;

    private TestHub() { }

    public WebApplication App => _app ?? throw new InvalidOperationException("not started");

    public Uri Address { get; private set; } = null!;

    public GrpcChannel Channel { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    /// <summary>Starts a hub; <paramref name="settings"/> are extra <c>--key=value</c> arguments.</summary>
    public static Task<TestHub> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <summary>Starts a hub whose services <paramref name="configure"/> adds to first (e.g. a fake <see cref="TimeProvider"/>).</summary>
    public static async Task<TestHub> StartAsync(Action<IServiceCollection>? configure, params string[] settings)
    {
        var hub = new TestHub();
        try
        {
            var args = new List<string>
            {
                "--urls=http://127.0.0.1:0",
                $"--Hub:DataDirectory={hub._data.Path}",
                "--Hub:Logging:MinimumLevel=Warning",
            };
            args.AddRange(settings);
            hub._app = HubApplication.Create([.. args], configure);
            await hub._app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            hub._started = true;
            var address = hub._app.Services.GetRequiredService<IServer>().Features
                .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            hub.Address = new Uri(address);
            hub.Channel = GrpcChannel.ForAddress(hub.Address);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            if (_started)
                await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _data.Dispose();
    }
}
