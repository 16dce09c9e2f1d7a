using System.CommandLine;
using Hub.Contracts.V1;
using Hub.Ctl.Output;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl dict export</c>: a department's mappings of one dictionary as the hub's CSV, byte for byte.</summary>
public static class ExportCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var department = new Argument<string>("department") { Description = "Department code, e.g. civil-affairs." };
        var dictionary = new Argument<string>("dictionary") { Description = "Dictionary id, e.g. sex." };
        var file = new Option<FileInfo?>("--out", "-o")
        {
            Description = "Write the CSV to this file (replaced if it exists); default: standard output.",
            HelpName = "file",
        };
        var command = new Command("export",
            "Export a department's mappings of one dictionary as CSV (UTF-8 with byte-order mark; header local_code,canonical_code,local_label,note). " +
            "The file can be edited in a spreadsheet and imported again with 'hubctl dict import'.")
        {
            department, dictionary, file,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var response = await hub.Dictionaries.ExportMappingsAsync(
                new ExportMappingsRequest
                {
                    Department = parse.GetRequiredValue(department),
                    Dictionary = parse.GetRequiredValue(dictionary),
                    Format = ExportFormat.Csv,
                },
                deadline: hub.Deadline(), cancellationToken: ct);
            var target = parse.GetValue(file);
            if (target is null)
            {
                // The bytes as the hub sent them (with the BOM), not re-encoded by the console writer.
                await using var stdout = Console.OpenStandardOutput();
                response.CsvContent.WriteTo(stdout);
                await stdout.FlushAsync(ct);
                return ExitCodes.Success;
            }
            await File.WriteAllBytesAsync(target.FullName, response.CsvContent.ToByteArray(), ct);
            Consoles.Out.WriteLine($"wrote {Listing.Count(response.CsvContent.Length)} bytes to {target.FullName} (dictionary version {response.DictionaryVersion})");
            return ExitCodes.Success;
        }));
        return command;
    }
}
