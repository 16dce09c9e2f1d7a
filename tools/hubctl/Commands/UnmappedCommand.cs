using System.CommandLine;
using Hub.Contracts.V1;
using Hub.Ctl.Output;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl dict unmapped</c>: department codes seen in pushed records that have no mapping yet.</summary>
public static class UnmappedCommand
{
    private static readonly Column<UnmappedCode>[] Columns =
    [
        new("department", u => u.Department),
        new("dictionary", u => u.Dictionary),
        new("local_code", u => u.LocalCode),
        new("local_label", u => u.LocalLabel),
        new("count", u => Listing.Count(u.Count)),
        new("quarantined", u => Listing.Count(u.QuarantinedCount)),
        new("first_seen", u => Times.Local(u.FirstSeenTime)),
        new("last_seen", u => Times.Local(u.LastSeenTime)),
        new("example_record", u => u.ExampleSourceRef is null ? "" : $"{u.ExampleSourceRef.Department}/{u.ExampleSourceRef.LocalId}"),
    ];

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var department = new Option<string?>("--department") { Description = "Only codes of this department, e.g. civil-affairs.", HelpName = "department" };
        var dictionary = new Option<string?>("--dictionary") { Description = "Only codes meant for this dictionary, e.g. sex.", HelpName = "dictionary" };
        var all = PagingOptions.CreateAll("unmapped codes");
        var output = OutputOption.Create();
        var command = new Command("unmapped",
            "List department codes seen in pushed records without a mapping, most frequent first, with how many records " +
            "are quarantined waiting for it and one example record (department/local id) to look up. Map them with 'hubctl dict map' or 'hubctl dict import'.")
        {
            department, dictionary, all, output,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var (codes, hasMore) = await Pager.CollectAsync<UnmappedCode>(async token =>
            {
                var page = await hub.Dictionaries.ListUnmappedCodesAsync(
                    new ListUnmappedCodesRequest
                    {
                        Department = parse.GetValue(department) ?? "",
                        Dictionary = parse.GetValue(dictionary) ?? "",
                        PageSize = PagingOptions.PageSize,
                        PageToken = token,
                    },
                    deadline: hub.Deadline(), cancellationToken: ct);
                return (page.UnmappedCodes, page.NextPageToken);
            }, parse.GetValue(all));
            Listing.Write(OutputOption.Get(parse, output), codes, Columns);
            PagingOptions.NoteMore(hasMore, "unmapped codes");
            return ExitCodes.Success;
        }));
        return command;
    }
}
