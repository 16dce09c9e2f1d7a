using System.CommandLine;
using Hub.Contracts.V1;
using Hub.Ctl.Output;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl dict list</c>: the canonical dictionaries with their standard, version and size.</summary>
public static class ListCommand
{
    private static readonly Column<Dictionary>[] Columns =
    [
        new("id", d => d.Id),
        new("name", d => d.Name),
        new("standard", d => d.Standard),
        new("version", d => d.Version),
        new("entries", d => Listing.Count(d.EntryCount)),
        new("updated", d => Times.Local(d.UpdateTime)),
    ];

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var output = OutputOption.Create();
        var command = new Command("list", "List the canonical dictionaries: id, name, standard, version and number of entries.") { output };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var (dictionaries, _) = await Pager.CollectAsync<Dictionary>(async token =>
            {
                var page = await hub.Dictionaries.ListDictionariesAsync(
                    new ListDictionariesRequest { PageSize = 500, PageToken = token }, deadline: hub.Deadline(), cancellationToken: ct);
                return (page.Dictionaries, page.NextPageToken);
            }, all: true);
            Listing.Write(OutputOption.Get(parse, output), dictionaries, Columns);
            return ExitCodes.Success;
        }));
        return command;
    }
}
