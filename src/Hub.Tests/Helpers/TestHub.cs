using Grpc.Net.Client;
using Hub.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hub.Tests.Helpers;

/// <summary>
/// A real hub on a free loopback port, with its own data folder, for one test. It is provisioned with an admin
/// key (<see cref="AdminKey"/>) that <see cref="Channel"/> sends on every call, with the purpose
/// <see cref="DefaultPurpose"/>; tests of authentication itself make their own keys and channels.
/// </summary>
public sealed class TestHub : IAsyncDisposable
{
    /// <summary>Caller id of the provisioned admin.</summary>
    public const string AdminCaller = "admin";

    /// <summary>Purpose the admin channel declares.</summary>
    public const string DefaultPurpose = "testing";

    /// <summary>The admin key every test hub accepts (a test constant: each hub has its own store).</summary>
    public const string AdminKey = "hub_0123456789abcdef_dGVzdC1odWItYWRtaW4ta2V5LW5vdC1mb3ItcHJvZHVjdGlvbg";

    /// <summary>The setting that provisions <see cref="AdminKey"/> (a salted hash, as an operator would configure it).</summary>
    public static readonly string AdminKeySetting = $"--Hub:Security:BootstrapAdminKeyHash={Hub.Security.BootstrapKey.LineFor(AdminKey)}";

    private readonly List<GrpcChannel> _channels = [];

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
                AdminKeySetting,
            };
            args.AddRange(settings);
            hub._app = HubApplication.Create([.. args], configure);
            await hub._app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            hub._started = true;
            var address = hub._app.Services.GetRequiredService<IServer>().Features
                .GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            hub.Address = new Uri(address);
            hub.Channel = CallerHeaders.Channel(hub.Address, AdminKey);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>A channel (disposed with the hub) whose calls carry <paramref name="apiKey"/> and <paramref name="purpose"/>; nulls send none.</summary>
    public GrpcChannel ChannelFor(string? apiKey, string? purpose = DefaultPurpose)
    {
        var channel = CallerHeaders.Channel(Address, apiKey, purpose);
        _channels.Add(channel);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        foreach (var channel in _channels)
            channel.Dispose();
        if (_app is not null)
        {
            if (_started)
                await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _data.Dispose();
    }
}
