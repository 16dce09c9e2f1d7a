using System.CommandLine;
using Google.Protobuf;
using Hub.Contracts.V1;
using Hub.Ctl.Output;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary>
/// <c>hubctl dict import</c>: sends a CSV file to the hub, first to validate, then to apply. All or
/// nothing is the hub's job; the CLI sends the bytes unchanged and reports every bad row.
/// </summary>
public static class ImportCommand
{
    /// <summary>The largest file the hub accepts (ImportMappingsRequest.csv_content).</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    private const int ReadChunkBytes = 64 * 1024;

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var department = new Argument<string>("department") { Description = "Department code the rows belong to, e.g. civil-affairs." };
        var dictionary = new Argument<string>("dictionary") { Description = "Dictionary id the rows belong to, e.g. sex." };
        var file = new Argument<FileInfo>("file") { Description = "The CSV file: UTF-8 with or without byte-order mark, header local_code,canonical_code,local_label,note; at most 10 MiB." };
        var replaceAll = new Option<bool>("--replace-all") { Description = "Also delete the department's mappings of this dictionary that are not in the file." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only validate on the hub and report problems; change nothing." };
        var command = new Command("import",
            "Import a department's mappings of one dictionary from a CSV file (as written by 'hubctl dict export' or a spreadsheet). " +
            "The hub validates the whole file first; if any row is bad, every bad row is listed with its line number and nothing is changed (exit code 1).")
        {
            department, dictionary, file, replaceAll, dryRun,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
                throw new UsageException($"the file {path.FullName} does not exist.");
            if (path.Length > MaxFileBytes)
            {
                Consoles.Error.WriteLine($"hubctl: {path.Name} is {path.Length / 1024.0 / 1024.0:0.0} MiB; the hub accepts at most 10 MiB per import. Split the file and import the parts without --replace-all.");
                return ExitCodes.Refused;
            }
            var request = new ImportMappingsRequest
            {
                Department = parse.GetRequiredValue(department),
                Dictionary = parse.GetRequiredValue(dictionary),
                ReplaceAll = parse.GetValue(replaceAll),
            };
            var dry = parse.GetValue(dryRun);
            ImportMappingsResponse? outcome = null;
            await ImportStages.RunAsync(async stages =>
            {
                request.CsvContent = await stages.RunAsync("read file", p => ReadAsync(path, p, ct),
                    bytes => $"{Listing.Count(bytes.Length)} bytes");
                request.ValidateOnly = true;
                outcome = await stages.RunAsync("validate on the hub",
                    _ => hub.Dictionaries.ImportMappingsAsync(request, deadline: hub.Deadline(), cancellationToken: ct).ResponseAsync,
                    v => v.Errors.Count == 0 ? $"{Listing.Count(v.RowCount)} rows valid" : $"{Listing.Count(v.Errors.Count)} problems in {Listing.Count(v.RowCount)} rows");
                if (outcome.Errors.Count > 0 || dry)
                {
                    stages.Skip("apply", dry ? "--dry-run" : "the file has errors");
                    return;
                }
                request.ValidateOnly = false;
                outcome = await stages.RunAsync("apply",
                    _ => hub.Dictionaries.ImportMappingsAsync(request, deadline: hub.Deadline(), cancellationToken: ct).ResponseAsync,
                    a => a.Errors.Count == 0 ? $"{Listing.Count(a.AppliedCount)} mappings changed" : "refused");
            });
            return Report(request, outcome!, dry);
        }));
        return command;
    }

    private static async Task<ByteString> ReadAsync(FileInfo path, IProgress<double> progress, CancellationToken ct)
    {
        await using var stream = path.OpenRead();
        var bytes = new byte[stream.Length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = await stream.ReadAsync(bytes.AsMemory(read, Math.Min(ReadChunkBytes, bytes.Length - read)), ct);
            if (n == 0)
                break;
            read += n;
            progress.Report((double)read / bytes.Length);
        }
        // Unchanged bytes: the hub, not the CLI, decides whether the encoding is acceptable.
        return ByteString.CopyFrom(bytes, 0, read);
    }

    private static int Report(ImportMappingsRequest request, ImportMappingsResponse outcome, bool dryRun)
    {
        var target = $"{request.Department} {request.Dictionary}";
        if (outcome.Errors.Count > 0)
        {
            Consoles.Error.WriteLine($"hubctl: the hub refused the import into {target}: {Listing.Count(outcome.Errors.Count)} problems in {Listing.Count(outcome.RowCount)} rows; nothing was changed.");
            var table = Tables.Create("line", "column", "reason");
            foreach (var error in outcome.Errors.OrderBy(e => e.Line))
                Tables.AddRow(table, error.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Column, error.Reason);
            Consoles.Error.Write(table);
            return ExitCodes.Refused;
        }
        Consoles.Out.WriteLine(dryRun
            ? $"dry run: all {Listing.Count(outcome.RowCount)} rows for {target} are valid; nothing was changed."
            : $"imported {Listing.Count(outcome.RowCount)} rows into {target}: {Listing.Count(outcome.AppliedCount)} mappings created, changed or deleted; "
              + $"{Listing.Count(outcome.RequeuedRecordCount)} quarantined records queued for replay.");
        return ExitCodes.Success;
    }
}
