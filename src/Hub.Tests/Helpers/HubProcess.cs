using System.Diagnostics;

namespace Hub.Tests.Helpers;

/// <summary>The hub as a real operating-system process, run from its build output next to the tests.</summary>
public static class HubProcess
{
    /// <summary>Path of Hub.dll built in the same configuration as the tests.</summary>
    public static string HubDll => BuiltProgram.Locate("src/Hub", "Hub.dll");

    /// <summary>
    /// Starts the hub with <paramref name="args"/>, capturing its output line by line. The hub accepts
    /// <see cref="TestHub.AdminKey"/> (see <see cref="AdminChannel"/>) unless <paramref name="args"/> configure another.
    /// </summary>
    public static Process Start(IEnumerable<string> args, Action<string>? onStdout = null, Action<string>? onStderr = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var process = new Process { StartInfo = BuiltProgram.StartInfo(HubDll, [TestHub.AdminKeySetting, .. args], environment) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onStdout?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onStderr?.Invoke(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A channel to a hub started here whose calls carry the admin key and the test purpose.</summary>
    public static global::Grpc.Net.Client.GrpcChannel AdminChannel(string address) => CallerHeaders.Channel(new Uri(address), TestHub.AdminKey);

    /// <summary>Waits until a hub started here answers its health check (up to a minute), e.g. after a restart.</summary>
    public static async Task WaitUntilServingAsync(global::Grpc.Net.Client.GrpcChannel channel)
    {
        var health = new global::Grpc.Health.V1.Health.HealthClient(channel);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest(), deadline: Deadlines.In(TimeSpan.FromSeconds(2)));
                return;
            }
            catch (global::Grpc.Core.RpcException) when (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                // A process coming up gives no signal but its port: probe again soon (a refused connection is cheap).
                await Task.Delay(20);
            }
        }
    }

    /// <summary>Runs the hub until it exits by itself (for start-up failures).</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunToExitAsync(
        IReadOnlyList<string> args, TimeSpan timeout)
    {
        var run = await BuiltProgram.RunToExitAsync(HubDll, args, timeout);
        return (run.ExitCode, run.StandardOutput, run.StandardError);
    }
}
