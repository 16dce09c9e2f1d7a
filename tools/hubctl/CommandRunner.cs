using System.CommandLine;
using Grpc.Core;
using Spectre.Console;

namespace Hub.Ctl;

/// <summary>Runs the body of a command against the hub and turns failures into an error message and an exit code.</summary>
public static class CommandRunner
{
    /// <summary>Opens a connection, runs <paramref name="body"/> and maps an <see cref="RpcException"/> to its exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<HubConnection, Task<int>> body)
    {
        HubConnection opened;
        try
        {
            opened = HubConnection.Open(parse);
        }
        catch (UsageException ex)
        {
            Consoles.Error.WriteLine($"hubctl: {ex.Message}");
            return ExitCodes.Usage;
        }
        using var hub = opened;
        try
        {
            return await body(hub);
        }
        catch (RpcException ex)
        {
            return ErrorReporter.Report(ex, hub);
        }
        catch (UsageException ex)
        {
            Consoles.Error.WriteLine($"hubctl: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (IOException ex)
        {
            Consoles.Error.WriteLine($"hubctl: a file could not be read or written: {ex.Message}");
            return ExitCodes.Other;
        }
        catch (UnauthorizedAccessException ex)
        {
            Consoles.Error.WriteLine($"hubctl: a file could not be read or written: {ex.Message}");
            return ExitCodes.Other;
        }
    }
}

/// <summary>A problem with the arguments that only the command itself can see (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
