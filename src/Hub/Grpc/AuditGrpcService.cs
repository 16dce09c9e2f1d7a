using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Audit;
using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Security;

namespace Hub.Grpc;

/// <summary>AuditService: who read whose data (by resident, or by caller), and a check of the hash chain.</summary>
public sealed class AuditGrpcService(IAuditStore store, ChainVerifier verifier, IdentityLookup identities) : AuditService.AuditServiceBase
{
    /// <inheritdoc />
    public override async Task<ListAccessResponse> ListAccess(ListAccessRequest request, ServerCallContext context)
    {
        var access = AccessContext.Of(context)!;
        var checks = new RequestChecks();
        switch (request.SubjectCase)
        {
            case ListAccessRequest.SubjectOneofCase.ResidentId:
                checks.Required("resident_id", request.ResidentId, 64);
                break;
            case ListAccessRequest.SubjectOneofCase.Caller:
                checks.Check(!CallerId.IsValid(request.Caller), "caller", CallerId.Rule);
                break;
            default:
                checks.Check(true, "subject", "give resident_id or caller");
                break;
        }
        var from = request.TimeRange?.StartTime is { } s ? Time(s, "time_range.start_time", checks) : null;
        var until = request.TimeRange?.EndTime is { } e ? Time(e, "time_range.end_time", checks) : null;
        checks.Check(from is not null && until is not null && until <= from, "time_range.end_time", "must be after start_time");
        var size = PageToken.Size(request.PageSize, checks);
        var filter = $"{request.SubjectCase}|{request.ResidentId}|{request.Caller}|{from:O}|{until:O}";
        var before = Before(request.PageToken, filter, checks);
        checks.ThrowIfInvalid();

        if (request.SubjectCase == ListAccessRequest.SubjectOneofCase.Caller && !access.Policy.Audit && request.Caller != access.Caller)
            throw CallAuthorizer.Denied("audit", " (without it a caller may list only its own entries, or a resident's)");
        IReadOnlyList<string>? residents = null;
        if (request.SubjectCase == ListAccessRequest.SubjectOneofCase.ResidentId)
        {
            // The resident's entries include those made under ids since merged into it.
            var links = await identities.LinksAsync(request.ResidentId, context.CancellationToken);
            residents = links is null ? [request.ResidentId] : [.. links.AliasIds.Prepend(links.ResidentId).Append(request.ResidentId).Distinct()];
        }
        var rows = await store.ListAsync(new AuditQuery(residents, request.SubjectCase == ListAccessRequest.SubjectOneofCase.Caller ? request.Caller : null,
            from, until, before), size, context.CancellationToken);
        return new ListAccessResponse
        {
            Entries = { rows.Select(ToMessage) },
            NextPageToken = rows.Count < size ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rows[^1].Sequence}|{filter}")),
        };
    }

    /// <inheritdoc />
    public override async Task<VerifyChainResponse> VerifyChain(VerifyChainRequest request, ServerCallContext context)
    {
        var access = AccessContext.Of(context)!;
        new RequestChecks()
            .Check(request.FromSequence < 0, "from_sequence", "must not be negative")
            .Check(request.ToSequence < 0, "to_sequence", "must not be negative")
            .Check(request.ToSequence != 0 && request.ToSequence < request.FromSequence, "to_sequence", "must not be below from_sequence")
            .ThrowIfInvalid();
        if (!access.Policy.Audit)
            throw CallAuthorizer.Denied("audit");
        var report = await verifier.VerifyAsync(request.FromSequence, request.ToSequence, context.CancellationToken);
        return new VerifyChainResponse
        {
            Ok = report.Ok, EntriesChecked = report.EntriesChecked, FirstBrokenSequence = report.FirstBrokenSequence,
            Reason = report.Reason, LastSequence = report.LastSequence, LastHash = report.LastHash,
        };
    }

    private static DateTimeOffset? Time(Timestamp t, string field, RequestChecks checks)
    {
        // A Timestamp outside 0001..9999 or with bad nanos cannot be converted: a field violation, not a crash.
        var valid = t.Seconds is >= -62135596800 and <= 253402300799 && t.Nanos is >= 0 and < 1_000_000_000;
        checks.Check(!valid, field, "is not a valid timestamp");
        return valid ? t.ToDateTimeOffset() : null;
    }

    private static long? Before(string token, string filter, RequestChecks checks)
    {
        if (token.Length == 0)
            return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), out var sequence) && sequence > 0 && text[(bar + 1)..] == filter)
                return sequence;
        }
        catch (FormatException)
        {
        }
        checks.Check(true, "page_token", "is not a page token of this listing (use next_page_token unchanged, with the same filters)");
        return null;
    }

    private static AccessEntry ToMessage(AuditEntryRow row) => new()
    {
        Sequence = row.Sequence,
        AccessTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(row.AccessTime, System.Globalization.CultureInfo.InvariantCulture)),
        Caller = row.Caller, Purpose = row.Purpose, ResidentId = row.ResidentId,
        Facets = { Split(row.Facets) }, Fields = { Split(row.Fields) },
        RpcMethod = row.RpcMethod, RequestId = row.RequestId, StatusCode = row.StatusCode,
        EntryHash = row.EntryHash, PreviousHash = row.PreviousHash,
    };

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(AuditHash.ListSeparator);
}
