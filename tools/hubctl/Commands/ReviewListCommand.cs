using System.CommandLine;
using Hub.Contracts.V1;
using Hub.Ctl.Output;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl review list</c>: review items, oldest first, with their record and best candidate.</summary>
public static class ReviewListCommand
{
    private static readonly Column<ReviewItem>[] Columns =
    [
        new("review_id", r => r.ReviewId),
        new("state", r => ProtoNames.Of(r.State)),
        new("decision", r => ProtoNames.Of(r.Decision)),
        new("record", r => People.Ref(r.Record?.SourceRef)),
        new("name", r => r.Record?.Name ?? ""),
        new("best_candidate", r => ReviewItems.Best(r)?.ResidentId ?? ""),
        new("score", r => ReviewItems.Best(r) is { } best ? People.Bits(best.Score) : ""),
        new("created", r => Times.Local(r.CreateTime)),
    ];

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var state = new Option<string>("--state")
        {
            Description = "Only items in this state; all lists every state.",
            HelpName = string.Join('|', ReviewItems.States),
            DefaultValueFactory = _ => ReviewItems.States[0],
        };
        state.AcceptOnlyFromAmong(ReviewItems.States);
        var department = new Option<string?>("--department") { Description = "Only items for records of this department, e.g. civil-affairs.", HelpName = "department" };
        var all = PagingOptions.CreateAll("review items");
        var output = OutputOption.Create();
        var command = new Command("list",
            "List review items, oldest first: id, state, why (REVIEW: score between the thresholds; CONFLICT: same ID number, " +
            "name and birth date disagree), the record (department:local-id) and its name, the best candidate resident and its score in bits. " +
            "Look at one with 'hubctl review show'.")
        {
            state, department, all, output,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var (items, hasMore) = await Pager.CollectAsync<ReviewItem>(async token =>
            {
                var page = await hub.Identity.ListReviewItemsAsync(
                    new ListReviewItemsRequest
                    {
                        State = ReviewItems.StateOf(parse.GetValue(state)),
                        Department = parse.GetValue(department) ?? "",
                        PageSize = PagingOptions.PageSize,
                        PageToken = token,
                    },
                    deadline: hub.Deadline(), cancellationToken: ct);
                return (page.ReviewItems, page.NextPageToken);
            }, parse.GetValue(all));
            Listing.Write(OutputOption.Get(parse, output), items, Columns);
            PagingOptions.NoteMore(hasMore, "review items");
            return ExitCodes.Success;
        }));
        return command;
    }
}
