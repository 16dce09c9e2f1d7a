using System.Collections.Concurrent;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Integration;

/// <summary>The hub as a real process, logging compact JSON: one line per call with caller, method, status, duration.</summary>
public sealed class CallLogTests
{
    [Fact]
    public async Task HubProcess_JsonLogs_OneLinePerCallWithCallerMethodStatusDuration()
    {
        using var data = new TempFolder();
        var lines = new BlockingCollection<JsonElement>();
        using var process = HubProcess.Start(
            ["--urls=http://127.0.0.1:0", $"--Hub:DataDirectory={data.Path}", "--Hub:Logging:Format=json"],
            onStdout: line =>
            {
                if (line.StartsWith('{'))
                    lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            });
        try
        {
            var address = Next(lines, e => e.TryGetProperty("address", out _)).GetProperty("address").GetString()!;
            using var channel = HubProcess.AdminChannel(address);
            using var anonymous = GrpcChannel.ForAddress(address);

            await new Health.HealthClient(anonymous).CheckAsync(
                new HealthCheckRequest { Service = "liveness" }, deadline: Deadlines.Default());
            await new AuditService.AuditServiceClient(channel).VerifyChainAsync(new VerifyChainRequest(), deadline: Deadlines.Default());
            await Assert.ThrowsAsync<RpcException>(async () =>
                await new AuditService.AuditServiceClient(anonymous).ListAccessAsync(new ListAccessRequest { Caller = "admin" }, deadline: Deadlines.Default()));

            var ok = Next(lines, e => Method(e) == "/grpc.health.v1.Health/Check");
            Assert.Equal("OK", ok.GetProperty("StatusCode").GetString());
            Assert.Equal("anonymous", ok.GetProperty("Caller").GetString());
            Assert.True(ok.GetProperty("ElapsedMs").GetDouble() >= 0);
            Assert.StartsWith("ipv4:127.0.0.1:", ok.GetProperty("Peer").GetString());

            var verified = Next(lines, e => Method(e) == "/hub.v1.AuditService/VerifyChain");
            Assert.Equal("OK", verified.GetProperty("StatusCode").GetString());
            Assert.Equal(TestHub.AdminCaller, verified.GetProperty("Caller").GetString());

            var refused = Next(lines, e => Method(e) == "/hub.v1.AuditService/ListAccess");
            Assert.Equal("Unauthenticated", refused.GetProperty("StatusCode").GetString());
            Assert.Equal("anonymous", refused.GetProperty("Caller").GetString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static string? Method(JsonElement e) => e.TryGetProperty("Method", out var m) ? m.GetString() : null;

    // Takes log lines until one matches; the hub writes each line as it happens, so this waits on output, not on time.
    private static JsonElement Next(BlockingCollection<JsonElement> lines, Func<JsonElement, bool> match)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = lines.Take(cts.Token);
            if (match(line))
                return line;
        }
    }
}
