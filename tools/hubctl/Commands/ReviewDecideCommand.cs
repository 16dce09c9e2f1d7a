using System.CommandLine;
using Hub.Contracts.V1;
using Hub.Ctl.Output;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl review decide</c>: links an open item's record to a resident, or makes it a new resident.</summary>
public static class ReviewDecideCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var reviewId = new Argument<string>("review-id") { Description = "Id of the open review item (see 'hubctl review list')." };
        var link = new Option<string?>("--link") { Description = "Link the record to this resident (normally one of the candidates; an alias is accepted).", HelpName = "resident-id" };
        var @new = new Option<bool>("--new") { Description = "Make the record a new resident." };
        var note = new Option<string?>("--note") { Description = "Why, recorded with the decision; at most 500 characters.", HelpName = "text" };
        var command = new Command("decide",
            "Decide an open review item: --link <resident-id> links its record to that resident, --new makes it a new resident. " +
            "Prints the resulting link. An item that is no longer open is refused (exit code 1).")
        {
            reviewId, link, @new, note,
        };
        command.Validators.Add(result =>
        {
            var linkResult = result.GetResult(link);
            var linking = linkResult is not null;
            var creating = result.GetValue(@new);
            if (linking == creating)
                result.AddError(linking ? "give either --link <resident-id> or --new, not both." : "give --link <resident-id> or --new.");
            // '--link' without a value is already an error of the option's own; reading its value would throw.
            else if (linking && linkResult!.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.GetValue(link)))
                result.AddError("--link needs a resident id.");
        });
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var residentId = parse.GetValue(link);
            // No lookup first: DecideReview itself answers NOT_FOUND for an unknown item and FAILED_PRECONDITION for a closed one.
            var response = await hub.Identity.DecideReviewAsync(
                new DecideReviewRequest
                {
                    ReviewId = parse.GetRequiredValue(reviewId),
                    Outcome = residentId is null ? ReviewOutcome.New : ReviewOutcome.Link,
                    ResidentId = residentId ?? "",
                    Note = parse.GetValue(note) ?? "",
                },
                deadline: hub.Deadline(), cancellationToken: ct);
            var item = response.ReviewItem;
            Consoles.Out.WriteLine($"review {item.ReviewId}: {ReviewItems.Closure(item)}.");
            if (response.Link is not { } l)
                return ExitCodes.Success;
            var table = Tables.Create("record", "resident_id", "method", "created_by", "created");
            Tables.AddRow(table, People.Ref(l.SourceRef), l.ResidentId, ProtoNames.Of(l.Method), l.CreatedBy, Times.Local(l.CreateTime));
            Consoles.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }
}
