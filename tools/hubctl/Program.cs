using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text;
using Hub.Ctl;
using Hub.Ctl.Commands;

// Chinese labels must survive any console code page; no byte-order mark on a console stream.
Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

var root = new RootCommand(
    "hubctl: the admin command line of the hub. It talks to a running hub over gRPC.\n" + ExitCodes.Description)
{
    GlobalOptions.Hub,
    GlobalOptions.Timeout,
    GlobalOptions.ApiKey,
    GlobalOptions.ApiKeyFile,
    GlobalOptions.Purpose,
    DictCommand.Create(),
    ReviewCommand.Create(),
    KeysCommand.Create(),
    PolicyCommand.Create(),
    RoutingCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
{
    // System.CommandLine would exit with 1; hubctl keeps 1 for the hub's refusals and uses 2 for usage errors.
    foreach (var error in parse.Errors)
        await Console.Error.WriteLineAsync($"hubctl: {error.Message}");
    await Console.Error.WriteLineAsync($"Run '{CommandPath(parse.CommandResult)} -h' for its usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();

static string CommandPath(CommandResult? result)
{
    var names = new Stack<string>();
    for (var r = result; r is not null; r = r.Parent as CommandResult)
        names.Push(r.Command.Name);
    return string.Join(' ', names);
}
