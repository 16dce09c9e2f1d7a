using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Ctl.Output;

namespace Hub.Ctl.Commands;

/// <summary>Finding review items and naming their states, shared by the <c>review</c> commands.</summary>
public static class ReviewItems
{
    /// <summary>The values of <c>--state</c>, the first being the default.</summary>
    public static readonly string[] States = ["open", "decided", "superseded", "all"];

    /// <summary>The filter for a <c>--state</c> value; <c>all</c> is UNSPECIFIED, which the hub reads as any state.</summary>
    public static ReviewState StateOf(string? value) => value switch
    {
        "decided" => ReviewState.Decided,
        "superseded" => ReviewState.Superseded,
        "all" => ReviewState.Unspecified,
        _ => ReviewState.Open,
    };

    /// <summary>
    /// The review item with id <paramref name="reviewId"/>, in any state. IdentityService has no
    /// GetReviewItem, so this pages through ListReviewItems (all states, all departments, 500 per page,
    /// oldest first) until the id turns up: a few calls for a queue of thousands. NOT_FOUND when no page has it.
    /// </summary>
    public static async Task<ReviewItem> FindAsync(HubConnection hub, string reviewId, CancellationToken ct)
    {
        var token = "";
        do
        {
            var page = await hub.Identity.ListReviewItemsAsync(
                new ListReviewItemsRequest { State = ReviewState.Unspecified, PageSize = PagingOptions.PageSize, PageToken = token },
                deadline: hub.Deadline(), cancellationToken: ct);
            var item = page.ReviewItems.FirstOrDefault(i => i.ReviewId == reviewId);
            if (item is not null)
                return item;
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        throw new RpcException(new Status(StatusCode.NotFound, $"no review item has id '{reviewId}' (see 'hubctl review list --state all')"));
    }

    /// <summary>The best candidate, or null when the item has none.</summary>
    public static MatchCandidate? Best(ReviewItem item) => item.Candidates.Count == 0 ? null : item.Candidates[0];

    /// <summary>One line saying how an item was closed, e.g. <c>LINK to resident R1 by admin at 2025-…</c>; empty while open.</summary>
    public static string Closure(ReviewItem item) => item.State switch
    {
        ReviewState.Decided => $"{ProtoNames.Of(item.Outcome)}"
            + (item.DecidedResidentId.Length > 0 ? $" {(item.Outcome == ReviewOutcome.Link ? "to" : "as")} resident {item.DecidedResidentId}" : "")
            + (item.DecidedBy.Length > 0 ? $" by {item.DecidedBy}" : "")
            + (item.DecideTime is null ? "" : $" at {Times.Local(item.DecideTime)}"),
        ReviewState.Superseded => "superseded" + (item.DecideTime is null ? "" : $" at {Times.Local(item.DecideTime)}"),
        _ => "",
    };
}
