using System.Net;
using System.Net.Sockets;

namespace Hub.Tests.HubCtl;

/// <summary>hubctl's own exit codes, which need no DictionaryService: usage errors, help and an unreachable hub.</summary>
public sealed class HubCtlUsageTests
{
    [Fact]
    public async Task Help_Root_ExitsZeroAndDocumentsExitCodes()
    {
        var run = await HubCtlProcess.RunAsync("--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Exit codes", run.StandardOutput);
        Assert.Contains("3 hub unreachable", run.StandardOutput);
    }

    [Theory]
    [InlineData("dict", "show")]                                  // missing argument
    [InlineData("dict", "mapz")]                                  // unknown command
    [InlineData("dict", "list", "--output", "xml")]               // value not among table|json|csv
    [InlineData("dict", "list", "--timeout", "0")]                // out of range
    [InlineData("dict", "list", "--hub", "ftp://example")]        // not an http address
    [InlineData("dict", "show", "sex", "--limit", "-1")]          // negative limit
    public async Task Run_UsageError_ExitsTwoWithMessageOnStderr(params string[] args)
    {
        var run = await HubCtlProcess.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("hubctl: ", run.StandardError);
        Assert.Equal("", run.StandardOutput);
    }

    [Fact]
    public async Task Import_MissingFile_ExitsTwo()
    {
        using var folder = new Helpers.TempFolder();

        var run = await HubCtlProcess.RunAsync(ClosedPort(), "dict", "import", HubCtlData.Department, "sex", Path.Combine(folder.Path, "missing.csv"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("does not exist", run.StandardError);
    }

    [Fact]
    public async Task Import_FileOverTenMebibytes_ExitsOneWithoutCallingTheHub()
    {
        using var folder = new Helpers.TempFolder();
        var path = Path.Combine(folder.Path, "big.csv");
        await using (var file = File.Create(path))
            file.SetLength(10 * 1024 * 1024 + 1);

        // The port is closed: had hubctl called the hub, the exit code would be 3.
        var run = await HubCtlProcess.RunAsync(ClosedPort(), "dict", "import", HubCtlData.Department, "sex", path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("at most 10 MiB", run.StandardError);
    }

    [Theory]
    [InlineData("dict", "list")]
    [InlineData("dict", "show", "sex")]
    [InlineData("dict", "unmapped")]
    [InlineData("dict", "map", "civil-affairs", "sex", "M", "1")]
    public async Task Run_HubUnreachable_ExitsThree(params string[] args)
    {
        var run = await HubCtlProcess.RunAsync(ClosedPort(), args);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("cannot reach the hub", run.StandardError);
    }

    // A loopback port nobody listens on: bound once to get a free number, then released.
    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
