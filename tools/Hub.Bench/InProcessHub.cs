using Hub.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Bench;

/// <summary>A hub started inside the benchmark process, on a free loopback port, over a throw-away data folder.</summary>
public sealed class InProcessHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _data;

    private InProcessHub(WebApplication app, string data, string address, string apiKey)
    {
        _app = app;
        _data = data;
        Address = address;
        ApiKey = apiKey;
    }

    public string Address { get; }

    /// <summary>An admin key this hub was provisioned with.</summary>
    public string ApiKey { get; }

    public static async Task<InProcessHub> StartAsync(IEnumerable<string> extraSettings)
    {
        var data = Path.Combine(Path.GetTempPath(), "hub-bench", Guid.NewGuid().ToString("N"));
        // The call log goes to Warning: writing a console line per call would measure the terminal, not the hub.
        var (_, key) = Hub.Security.ApiKeys.Create();
        string[] args = ["--urls=http://127.0.0.1:0", $"--Hub:DataDirectory={data}", "--Hub:Logging:MinimumLevel=Warning",
            $"--Hub:Security:BootstrapAdminKeyHash={Hub.Security.BootstrapKey.LineFor(key)}",
            // The bench measures the hub, not its per-caller limits (1,000 calls/s and 60,000 residents/min by default).
            "--Hub:Security:DefaultCallsPerSecond=1000000", "--Hub:Security:DefaultResidentReadsPerMinute=100000000", .. extraSettings];
        var app = HubApplication.Create(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new InProcessHub(app, data, address, key);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
