using System.Diagnostics;
using Hub.Tests.Helpers;

namespace Hub.Tests.Federation;

/// <summary>A hub-facet-adapter running as a real operating-system process, which a test can kill and start again.</summary>
public sealed class AdapterProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AdapterProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The URL it listens on.</summary>
    public string Address { get; }

    /// <summary>Starts the adapter and waits until it listens and has registered with the hub.</summary>
    public static async Task<AdapterProcess> StartAsync(string department, string adapterId, string database, string hubUrl,
        string url = "http://127.0.0.1:0")
    {
        var dll = BuiltProgram.Locate("tools/Hub.FacetAdapter", "hub-facet-adapter.dll");
        var process = new Process
        {
            StartInfo = BuiltProgram.StartInfo(dll, ["--department", department, "--adapter-id", adapterId, "--db", database, "--hub", hubUrl, "--urls", url, "--api-key", TestHub.AdminKey]),
        };
        process.Start();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(limit.Token)
                    ?? throw new InvalidOperationException($"adapter {adapterId} exited: {await stderr}");
                if (line.StartsWith("listening on ", StringComparison.Ordinal))
                    return new AdapterProcess(process, line["listening on ".Length..].Trim());
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Kills the process at once (no graceful shutdown), as a crash or a pulled plug would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
