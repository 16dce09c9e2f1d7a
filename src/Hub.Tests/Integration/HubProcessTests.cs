using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Hub.Tests.Helpers;

namespace Hub.Tests.Integration;

/// <summary>The hub as an operating-system process, configured the ways an operator would.</summary>
public sealed class HubProcessTests
{
    [Fact]
    public async Task HubProcess_AspNetCoreUrlsVariable_ListensThere()
    {
        using var data = new TempFolder();
        var port = LoopbackPort.Free();
        using var started = new SemaphoreSlim(0);
        using var process = HubProcess.Start(
            [$"--Hub:DataDirectory={data.Path}"],
            onStdout: line => { if (line.Contains("Now listening on", StringComparison.Ordinal)) started.Release(); },
            environment: new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        try
        {
            Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(60)), "the hub did not report listening");
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: Deadlines.Default());

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
            Assert.True(File.Exists(Path.Combine(data.Path, "hub.db")), "the store file should be in the configured data folder");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
