using System.CommandLine;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Ctl.Output;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary>
/// <c>hubctl review show</c>: one review item, its record side by side with each candidate resident
/// (best first), with the per-field explanation of the score and the candidate's linked records.
/// </summary>
public static class ReviewShowCommand
{
    // The fields every record shows, in this order; compared fields the hub adds later follow them.
    private static readonly string[] RecordFields = ["name", "id_number", "birth_date", "sex", "phone", "address"];

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var reviewId = new Argument<string>("review-id") { Description = "Id of the review item (see 'hubctl review list')." };
        var command = new Command("show",
            "Show one review item: its record (name, ID number, birth date, sex, phones, addresses) side by side with each candidate " +
            "resident, best first, with every compared field's level and weight in bits, the candidate's linked records, the note and, " +
            "once decided, the outcome.")
        {
            reviewId,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var item = await ReviewItems.FindAsync(hub, parse.GetRequiredValue(reviewId), ct);
            WriteHeader(item);
            if (item.Candidates.Count == 0)
            {
                Consoles.Out.WriteLine("\nno candidates");
                Consoles.Out.Write(FieldTable(item, null));
            }
            for (var i = 0; i < item.Candidates.Count; i++)
            {
                var candidate = item.Candidates[i];
                var links = await LinksOfAsync(hub, candidate.ResidentId, ct);

                Consoles.Out.WriteLine($"\ncandidate {i + 1} of {item.Candidates.Count}: resident {candidate.ResidentId}, score {People.Bits(candidate.Score)} bits");
                Consoles.Out.WriteLine(links is null
                    ? "linked records: (the resident no longer exists)"
                    : "linked records: " + (links.Links.Count == 0 ? "(none)" : string.Join(", ",
                        links.Links.Select(l => $"{People.Ref(l.SourceRef)} ({ProtoNames.Of(l.Method)})")))
                      + (links.ResidentId != candidate.ResidentId ? $"; now resident {links.ResidentId} (merged)" : ""));
                Consoles.Out.Write(FieldTable(item, candidate));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteHeader(ReviewItem item)
    {
        Consoles.Out.WriteLine($"review {item.ReviewId}: {ProtoNames.Of(item.Decision)}, {ProtoNames.Of(item.State)}, created {Times.Local(item.CreateTime)}");
        Consoles.Out.WriteLine($"record: {People.Ref(item.Record?.SourceRef)}");
        if (item.Note.Length > 0)
            Consoles.Out.WriteLine($"note: {item.Note}");
        if (item.State is ReviewState.Decided or ReviewState.Superseded)
            Consoles.Out.WriteLine($"{(item.State == ReviewState.Decided ? "decided" : "closed")}: {ReviewItems.Closure(item)}");
    }

    // field | record | each of the candidate's records (at most three) | level | weight
    private static Table FieldTable(ReviewItem item, MatchCandidate? candidate)
    {
        var record = People.Fields(item.Record ?? new PersonRecord());
        var others = candidate?.Records.Take(3).Select(r => (Ref: People.Ref(r.SourceRef), Fields: People.Fields(r))).ToList() ?? [];
        var comparisons = candidate?.Comparisons.GroupBy(c => c.Field).ToDictionary(g => g.Key, g => g.First()) ?? [];
        string[] headers = [
            "field",
            $"record {People.Ref(item.Record?.SourceRef)}",
            .. others.Select(o => $"candidate {o.Ref}"),
            .. candidate is null ? Array.Empty<string>() : ["level", "weight"],
        ];
        var table = Tables.Create(headers);
        foreach (var field in RecordFields.Concat(comparisons.Keys.Where(k => !RecordFields.Contains(k))))
        {
            var compared = comparisons.GetValueOrDefault(field);
            Tables.AddRow(table, [
                field,
                record.GetValueOrDefault(field, ""),
                .. others.Select(o => o.Fields.GetValueOrDefault(field, "")),
                .. candidate is null ? Array.Empty<string>() : [
                    compared is null ? "" : ProtoNames.Of(compared.Level),
                    compared is null ? "" : People.Bits(compared.Weight)],
            ]);
        }
        return table;
    }

    // The candidate's links; null when it no longer exists (NOT_FOUND), which is no reason to fail the whole display.
    private static async Task<GetLinksResponse?> LinksOfAsync(HubConnection hub, string residentId, CancellationToken ct)
    {
        try
        {
            return await hub.Identity.GetLinksAsync(new GetLinksRequest { ResidentId = residentId }, deadline: hub.Deadline(), cancellationToken: ct);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
