using System.CommandLine;
using Hub.Contracts.V1;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl dict unmap</c>: deletes one mapping; deleting a missing one is not an error.</summary>
public static class UnmapCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var department = new Argument<string>("department") { Description = "Department code, e.g. civil-affairs." };
        var dictionary = new Argument<string>("dictionary") { Description = "Dictionary id, e.g. sex." };
        var localCode = new Argument<string>("local-code") { Description = "The department's own code whose mapping to delete." };
        var command = new Command("unmap",
            "Delete the mapping of one department code. Records arriving afterwards with that code are quarantined again. " +
            "Deleting a mapping that does not exist succeeds and changes nothing.")
        {
            department, dictionary, localCode,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var key = new MappingKey
            {
                Department = parse.GetRequiredValue(department),
                Dictionary = parse.GetRequiredValue(dictionary),
                LocalCode = parse.GetRequiredValue(localCode),
            };
            var response = await hub.Dictionaries.DeleteMappingsAsync(
                new DeleteMappingsRequest { Keys = { key } }, deadline: hub.Deadline(), cancellationToken: ct);
            Consoles.Out.WriteLine(response.DeletedCount == 0
                ? $"{key.Department} {key.Dictionary}: '{key.LocalCode}' had no mapping; nothing changed."
                : $"{key.Department} {key.Dictionary}: the mapping of '{key.LocalCode}' is deleted.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
