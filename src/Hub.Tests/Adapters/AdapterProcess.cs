using System.Diagnostics;
using System.Text;
using Hub.Tests.Helpers;

namespace Hub.Tests.Adapters;

/// <summary>The adapter host (hub-adapter) as a real process, with its output kept for failure messages.</summary>
public sealed class AdapterProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AdapterProcess(Process process) => _process = process;

    /// <summary>Path of the built host.</summary>
    public static string Dll => BuiltProgram.Locate("src/Adapters/Hub.Adapters.Host", "hub-adapter.dll");

    /// <summary>
    /// Starts <c>hub-adapter --config {config}</c> against <paramref name="hub"/> with fast polling;
    /// <paramref name="extra"/> are more <c>--Adapter:Key=value</c> settings.
    /// </summary>
    public static AdapterProcess Start(string config, Uri hub, IReadOnlyDictionary<string, string?>? environment = null, params string[] extra)
    {
        string[] args =
        [
            "--config", config, $"--Adapter:Hub={hub.ToString().TrimEnd('/')}", "--Adapter:Listen=http://127.0.0.1:0",
            "--Adapter:PollInterval=00:00:00.200", "--Adapter:DeleteScanInterval=00:00:00.500", "--Adapter:MaxRetryDelay=00:00:01", "--Adapter:AckTimeout=00:00:05",
            // Test hubs accept their admin key; a test of an adapter's own key passes --Adapter:ApiKey in extra, which wins.
            $"--Adapter:ApiKey={Helpers.TestHub.AdminKey}",
            .. extra,
        ];
        var process = new Process { StartInfo = BuiltProgram.StartInfo(Dll, args, environment) };
        var adapter = new AdapterProcess(process);
        process.OutputDataReceived += (_, e) => adapter.Append(e.Data);
        process.ErrorDataReceived += (_, e) => adapter.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return adapter;
    }

    /// <summary>Everything it wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>Stops the process.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
