using System.CommandLine;
using Hub.Contracts.V1;
using Hub.Ctl.Output;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl dict show</c>: the entries of one dictionary, searchable and limited (divisions has ~27,000).</summary>
public static class ShowCommand
{
    private static readonly Column<DictionaryEntry>[] Columns =
    [
        new("code", e => e.Code),
        new("label", e => e.Label),
        new("parent_code", e => e.ParentCode),
        new("deprecated", e => e.Deprecated ? "yes" : ""),
    ];

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var dictionary = new Argument<string>("dictionary") { Description = "Dictionary id, e.g. sex, ethnicity, division (see 'hubctl dict list')." };
        var version = new Option<string?>("--version") { Description = "Version to show; default: the current version.", HelpName = "version" };
        var search = new Option<string?>("--search") { Description = "Only entries whose code or label contains this text (case-insensitive).", HelpName = "text" };
        var limit = new Option<int>("--limit")
        {
            Description = "Show at most this many entries; 0 shows all. A line on stderr says how many were left out.",
            HelpName = "n",
            DefaultValueFactory = _ => 200,
        };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
                r.AddError("--limit must be 0 (all) or more.");
        });
        var output = OutputOption.Create();
        var command = new Command("show", "Show the entries of one dictionary: code, label, parent code and whether it is deprecated.")
        {
            dictionary, version, search, limit, output,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var response = await hub.Dictionaries.GetDictionaryAsync(
                new GetDictionaryRequest { Dictionary = parse.GetRequiredValue(dictionary), Version = parse.GetValue(version) ?? "" },
                deadline: hub.Deadline(), cancellationToken: ct);
            var text = parse.GetValue(search);
            var matching = string.IsNullOrEmpty(text)
                ? response.Entries.ToList()
                : response.Entries.Where(e => e.Code.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || e.Label.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
            var max = parse.GetValue(limit);
            var shown = max == 0 ? matching : matching.Take(max).ToList();

            var format = OutputOption.Get(parse, output);
            if (format == OutputFormat.Table)
            {
                var d = response.Dictionary;
                Consoles.Out.WriteLine($"{d.Id} {d.Name} {d.Standard} version {d.Version}: {Listing.Count(d.EntryCount)} entries"
                    + (string.IsNullOrEmpty(text) ? "" : $", {Listing.Count(matching.Count)} matching '{text}'"));
            }
            Listing.Write(format, shown, Columns);
            if (shown.Count < matching.Count)
                Consoles.Error.WriteLine($"{Listing.Count(matching.Count - shown.Count)} more entries not shown; use --limit 0 to show all, or --search to narrow.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
