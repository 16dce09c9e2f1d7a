using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Security;

/// <summary>How the first admin comes to exist: a provisioned key hash, or a key file written on a fresh store.</summary>
public sealed class BootstrapTests
{
    private static Task<ListKeysResponse> ListKeys(global::Grpc.Net.Client.GrpcChannel channel) =>
        new AccessAdminService.AccessAdminServiceClient(channel).ListKeysAsync(new ListKeysRequest(), deadline: Deadlines.Default()).ResponseAsync;

    [Fact]
    public async Task FreshStore_NoBootstrapConfigured_WritesAdminKeyFileForTheOwnerOnly()
    {
        await using var hub = await TestHub.StartAsync("--Hub:Security:BootstrapAdminKeyHash=");
        var file = Path.Combine(hub.DataDirectory, "admin.key");

        var key = (await File.ReadAllTextAsync(file)).Trim();
        var keys = await ListKeys(hub.ChannelFor(key));
        var refused = await AccessKit.Refused(() => ListKeys(hub.Channel));

        Assert.Equal("admin", Assert.Single(keys.Keys).Caller);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Restart_WithKeysInTheStore_WritesNoNewKey()
    {
        await using var first = await TestHub.StartAsync("--Hub:Security:BootstrapAdminKeyHash=");
        var file = Path.Combine(first.DataDirectory, "admin.key");
        var key = (await File.ReadAllTextAsync(file)).Trim();
        await first.App.StopAsync();
        File.Delete(file);

        await using var second = await TestHub.StartAsync("--Hub:Security:BootstrapAdminKeyHash=", $"--Hub:DataDirectory={first.DataDirectory}");

        Assert.False(File.Exists(file));
        Assert.Single((await ListKeys(second.ChannelFor(key))).Keys);
    }

    [Fact]
    public async Task KeysNew_PrintsAKeyWhoseHashProvisionsIt()
    {
        var run = await HubProcess.RunToExitAsync(["keys", "new"], TimeSpan.FromSeconds(60));
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var key = lines.Single(l => l.StartsWith("key:", StringComparison.Ordinal))[4..].Trim();
        var hash = lines.Single(l => l.StartsWith("hash:", StringComparison.Ordinal))[5..].Trim();

        await using var hub = await TestHub.StartAsync($"--Hub:Security:BootstrapAdminKeyHash={hash}", "--Hub:Security:BootstrapAdminCaller=ops-admin");
        var keys = await ListKeys(hub.ChannelFor(key));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(key, hash, StringComparison.Ordinal);
        Assert.Contains(keys.Keys, k => k.Caller == "ops-admin" && key.StartsWith($"hub_{k.KeyId}_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--Hub:Security:ClientCertificates=maybe", "Hub:Security:ClientCertificates")]
    [InlineData("--Hub:Security:ClientCertificates=require", "Hub:Security:ClientCertificateAuthorityFile")]
    [InlineData("--Hub:Security:BootstrapAdminKeyHash=plain-text-key", "Hub:Security:BootstrapAdminKeyHash")]
    [InlineData("--Hub:Security:DefaultCallsPerSecond=0", "Hub:Security:DefaultCallsPerSecond")]
    public async Task BadSecuritySetting_ExitCode2NamingTheKey(string setting, string key)
    {
        using var data = new TempFolder();

        var run = await HubProcess.RunToExitAsync([$"--Hub:DataDirectory={data.Path}", "--urls=http://127.0.0.1:0", setting], TimeSpan.FromSeconds(60));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(key, run.StandardError);
    }
}
