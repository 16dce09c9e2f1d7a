using System.Diagnostics;
using Hub.Tests.Helpers;
using Microsoft.Extensions.Options;

namespace Hub.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--Hub:Store:Provider=oracle", "Hub:Store:Provider")]
    [InlineData("--Hub:Store:Synchronous=sometimes", "Hub:Store:Synchronous")]
    [InlineData("--Hub:Store:BusyTimeoutSeconds=0", "Hub:Store:BusyTimeoutSeconds")]
    [InlineData("--Hub:Store:MmapMiB=-1", "Hub:Store:MmapMiB")]
    [InlineData("--Hub:Store:MmapMiB=4096", "Hub:Store:MmapMiB")]
    [InlineData("--Hub:Logging:Format=xml", "Hub:Logging:Format")]
    [InlineData("--Hub:Logging:MinimumLevel=chatty", "Hub:Logging:MinimumLevel")]
    [InlineData("--Hub:Cache:DefaultTtl=-00:01:00", "Hub:Cache:DefaultTtl")]
    [InlineData("--Hub:Cache:MaxLocalEntries=0", "Hub:Cache:MaxLocalEntries")]
    [InlineData("--Hub:Cache:KeyPrefix=has space", "Hub:Cache:KeyPrefix")]
    public async Task StartAsync_InvalidValue_FailsNamingTheKey(string setting, string key)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHub.StartAsync(setting));
        Assert.Contains(key, ex.Message);
    }

    [Theory]
    [InlineData("--Hub:Cache:DefaultTtl=banana", "Hub:Cache:DefaultTtl")]
    [InlineData("--Hub:EnableReflection=perhaps", "Hub:EnableReflection")]
    public async Task StartAsync_UnconvertibleValue_FailsNamingTheKey(string setting, string key)
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHub.StartAsync(setting));
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public async Task StartAsync_MisspelledKey_FailsNamingIt()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHub.StartAsync("--Hub:Stor:Provider=sqlite"));
        Assert.Contains("Stor", ex.Message);
    }

    [Fact]
    public async Task HubProcess_InvalidValue_ExitsWithCode2AndNamesKeyOnStderr()
    {
        using var data = new TempFolder();
        var result = await HubProcess.RunToExitAsync(
            ["--urls=http://127.0.0.1:0", $"--Hub:DataDirectory={data.Path}", "--Hub:Store:Provider=oracle"],
            TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Hub:Store:Provider", result.StandardError);
    }
}
