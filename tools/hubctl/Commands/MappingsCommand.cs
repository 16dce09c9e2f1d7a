using System.CommandLine;
using Hub.Contracts.V1;
using Hub.Ctl.Output;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl dict mappings</c>: a department's mappings, by dictionary then local code.</summary>
public static class MappingsCommand
{
    private static readonly Column<CodeMapping>[] Columns =
    [
        new("dictionary", m => m.Dictionary),
        new("local_code", m => m.LocalCode),
        new("canonical_code", m => m.CanonicalCode),
        new("local_label", m => m.LocalLabel),
        new("note", m => m.Note),
        new("updated_by", m => m.UpdatedBy),
        new("updated", m => Times.Local(m.UpdateTime)),
    ];

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var department = new Argument<string>("department") { Description = "Department code, e.g. civil-affairs." };
        var dictionary = new Option<string?>("--dictionary") { Description = "Only mappings of this dictionary, e.g. sex; default: all.", HelpName = "dictionary" };
        var all = PagingOptions.CreateAll("mappings");
        var output = OutputOption.Create();
        var command = new Command("mappings",
            "List a department's mappings of local codes onto canonical codes, with who changed each last and when.")
        {
            department, dictionary, all, output,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var (mappings, hasMore) = await Pager.CollectAsync<CodeMapping>(async token =>
            {
                var page = await hub.Dictionaries.ListMappingsAsync(
                    new ListMappingsRequest
                    {
                        Department = parse.GetRequiredValue(department),
                        Dictionary = parse.GetValue(dictionary) ?? "",
                        PageSize = PagingOptions.PageSize,
                        PageToken = token,
                    },
                    deadline: hub.Deadline(), cancellationToken: ct);
                return (page.Mappings, page.NextPageToken);
            }, parse.GetValue(all));
            Listing.Write(OutputOption.Get(parse, output), mappings, Columns);
            PagingOptions.NoteMore(hasMore, "mappings");
            return ExitCodes.Success;
        }));
        return command;
    }
}
