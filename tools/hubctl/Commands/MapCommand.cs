using System.CommandLine;
using Hub.Contracts.V1;
using Hub.Ctl.Output;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl dict map</c>: creates or replaces one mapping of a department code onto a canonical code.</summary>
public static class MapCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var department = new Argument<string>("department") { Description = "Department code, e.g. civil-affairs." };
        var dictionary = new Argument<string>("dictionary") { Description = "Dictionary id, e.g. sex." };
        var localCode = new Argument<string>("local-code") { Description = "The department's own code, as stored in its system, e.g. M." };
        var canonicalCode = new Argument<string>("canonical-code") { Description = "The canonical code in the dictionary's current version, e.g. 1." };
        var label = new Option<string?>("--label") { Description = "The department's own label of the local code, e.g. 男性.", HelpName = "text" };
        var note = new Option<string?>("--note") { Description = "Why the mapping is so, at most 500 characters.", HelpName = "text" };
        var command = new Command("map",
            "Map one department code onto a canonical code (creates or replaces the mapping). " +
            "Records quarantined for want of this mapping are re-translated and flow on.")
        {
            department, dictionary, localCode, canonicalCode, label, note,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var mapping = new CodeMapping
            {
                Department = parse.GetRequiredValue(department),
                Dictionary = parse.GetRequiredValue(dictionary),
                LocalCode = parse.GetRequiredValue(localCode),
                CanonicalCode = parse.GetRequiredValue(canonicalCode),
                LocalLabel = parse.GetValue(label) ?? "",
                Note = parse.GetValue(note) ?? "",
            };
            var response = await hub.Dictionaries.PutMappingsAsync(
                new PutMappingsRequest { Mappings = { mapping } }, deadline: hub.Deadline(), cancellationToken: ct);
            Consoles.Out.WriteLine(response.AppliedCount == 0
                ? $"{mapping.Department} {mapping.Dictionary}: '{mapping.LocalCode}' was already mapped to '{mapping.CanonicalCode}'; nothing changed."
                : $"{mapping.Department} {mapping.Dictionary}: '{mapping.LocalCode}' is now mapped to '{mapping.CanonicalCode}'; "
                  + $"{Listing.Count(response.RequeuedRecordCount)} quarantined records queued for replay.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
