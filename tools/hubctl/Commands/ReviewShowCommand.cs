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
        var purpose = new Option<string>("--purpose")
        {
            Description = "Purpose declared to read each candidate's core identity (ResidentService.GetResident, recorded in the audit log). " +
                "'none' shows only the candidates' linked records and the explanation.",
            HelpName = "purpose",
            DefaultValueFactory = _ => "identity-review",
        };
        var command = new Command("show",
            "Show one review item: its record (name, ID number, birth date, sex, phones, addresses) side by side with each candidate " +
            "resident, best first, with every compared field's level and weight in bits, the candidate's linked records, the note and, " +
            "once decided, the outcome.")
        {
            reviewId, purpose,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var item = await ReviewItems.FindAsync(hub, parse.GetRequiredValue(reviewId), ct);
            var readIdentity = parse.GetValue(purpose) is { Length: > 0 } p && p != "none" ? p : null;
            WriteHeader(item);
            if (item.Candidates.Count == 0)
            {
                Consoles.Out.WriteLine("\nno candidates");
                Consoles.Out.Write(FieldTable(item, null, null, null));
            }
            for (var i = 0; i < item.Candidates.Count; i++)
            {
                var candidate = item.Candidates[i];
                var links = await LinksOfAsync(hub, candidate.ResidentId, ct);
                Resident? resident = null;
                if (readIdentity is not null)
                    (resident, readIdentity) = await IdentityOfAsync(hub, candidate.ResidentId, readIdentity, links, ct);

                Consoles.Out.WriteLine($"\ncandidate {i + 1} of {item.Candidates.Count}: resident {candidate.ResidentId}, score {People.Bits(candidate.Score)} bits");
                Consoles.Out.WriteLine(links is null
                    ? "linked records: (the resident no longer exists)"
                    : "linked records: " + (links.Links.Count == 0 ? "(none)" : string.Join(", ",
                        links.Links.Select(l => $"{People.Ref(l.SourceRef)} ({ProtoNames.Of(l.Method)})")))
                      + (links.ResidentId != candidate.ResidentId ? $"; now resident {links.ResidentId} (merged)" : ""));
                Consoles.Out.Write(FieldTable(item, candidate, resident, links?.ResidentId ?? candidate.ResidentId));
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

    // field | record | candidate's core identity (when it could be read) | level | weight
    private static Table FieldTable(ReviewItem item, MatchCandidate? candidate, Resident? resident, string? residentId)
    {
        var record = People.Fields(item.Record ?? new PersonRecord());
        var other = resident is null ? null : People.Fields(resident);
        var comparisons = candidate?.Comparisons.GroupBy(c => c.Field).ToDictionary(g => g.Key, g => g.First()) ?? [];
        string[] headers = [
            "field",
            $"record {People.Ref(item.Record?.SourceRef)}",
            .. other is null ? Array.Empty<string>() : [$"resident {residentId}"],
            .. candidate is null ? Array.Empty<string>() : ["level", "weight"],
        ];
        var table = Tables.Create(headers);
        foreach (var field in RecordFields.Concat(comparisons.Keys.Where(k => !RecordFields.Contains(k))))
        {
            var compared = comparisons.GetValueOrDefault(field);
            Tables.AddRow(table, [
                field,
                record.GetValueOrDefault(field, ""),
                .. other is null ? Array.Empty<string>() : [other.GetValueOrDefault(field, "")],
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

    // GetLinks gives links, not record contents: the candidate's name, ID number and so on come from
    // ResidentService.GetResident, an audited read for a declared purpose. When the hub refuses it
    // (not offered yet, purpose not allowed) the display goes on without that column, said once on
    // stderr, and the other candidates are not asked again (the purpose comes back null).
    private static async Task<(Resident? Resident, string? Purpose)> IdentityOfAsync(
        HubConnection hub, string residentId, string purpose, GetLinksResponse? links, CancellationToken ct)
    {
        if (links is null)
            return (null, purpose);
        try
        {
            var response = await hub.Residents.GetResidentAsync(
                new GetResidentRequest
                {
                    ResidentId = links.ResidentId,
                    Purpose = purpose,
                    // Only the departments of the candidate's own records: the facets are not shown, keep the fan-out small.
                    Departments = { links.Links.Select(l => l.SourceRef.Department).Distinct(StringComparer.Ordinal) },
                },
                deadline: hub.Deadline(), cancellationToken: ct);
            return (response.Resident, purpose);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unimplemented or StatusCode.PermissionDenied
            or StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.Unauthenticated)
        {
            var detail = string.IsNullOrWhiteSpace(ex.Status.Detail) ? ex.StatusCode.ToString() : ex.Status.Detail;
            Consoles.Error.WriteLine($"note: the candidates' names and other core identity are not shown: ResidentService.GetResident "
                + $"for purpose '{purpose}' answered {ex.StatusCode}: {detail}");
            return (null, null);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return (null, purpose);
        }
    }
}
