using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Identity.Normalization;
using Hub.Residents;

namespace Hub.Grpc;

/// <summary>
/// ResidentService. LookupResident answers from the identity index through the cache; GetResident adds
/// the core identity and one live facet per department (see <see cref="ResidentReader"/>);
/// SearchResidents searches the identity index (see <see cref="ResidentSearch"/>).
/// </summary>
public sealed class ResidentGrpcService(
    IdentityLookup lookup, ResidentReader reader, ResidentSearch search, IResidentAccessPolicy policy, TimeProvider time)
    : ResidentService.ResidentServiceBase
{
    private const int MaxSelections = 200;
    private const int DefaultSearchPage = 20;
    private const int MaxSearchPage = 100;
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFields = System.Collections.ObjectModel.ReadOnlyDictionary<string, IReadOnlyList<string>>.Empty;
    // Built once: an interpolated reason would be formatted on every read, whether the check fails or not.
    private static readonly string AtMostSelections = $"at most {MaxSelections}";

    /// <inheritdoc />
    public override async Task<GetResidentResponse> GetResident(GetResidentRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks();
        var key = ResidentKeyOf(request, checks);
        checks.Required("purpose", request.Purpose, 128)
            .Check(request.Departments.Count > MaxSelections, "departments", AtMostSelections)
            .Check(request.Fields.Count > MaxSelections, "fields", AtMostSelections);
        for (var i = 0; i < request.Departments.Count && i < MaxSelections; i++)
            checks.Department($"departments[{i}]", request.Departments[i]);
        var fields = request.Fields.Count == 0 ? null : new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < request.Fields.Count && i < MaxSelections; i++)
        {
            var (department, field) = SplitField(request.Fields[i]);
            var bad = field is null || !Common.DepartmentCode.IsValid(department) || field.Length is 0 or > 64
                || field.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'));
            checks.Check(bad, $"fields[{i}]", "use \"department.field\", e.g. social-security.pension_status (field in lower_snake_case)");
            checks.Check(!bad && request.Departments.Count > 0 && !request.Departments.Contains(department), $"fields[{i}]",
                $"department {department} is not among the selected departments");
            if (!bad)
            {
                if (!fields!.TryGetValue(department, out var list))
                    fields[department] = list = [];
                if (!list.Contains(field!))
                    list.Add(field!);
            }
        }
        checks.ThrowIfInvalid();

        // Most reads name no department and no field: those share empty selections instead of building new ones.
        var read = new ResidentRead(key!, request.Purpose, CallerIdentity.Of(context), RequestIdOf(context),
            request.Departments.Count == 0 ? [] : request.Departments.Distinct(StringComparer.Ordinal).ToList(),
            fields is null || fields.Count == 0 ? NoFields : fields.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value, StringComparer.Ordinal),
            context.Deadline == DateTime.MaxValue ? DateTimeOffset.MaxValue : new DateTimeOffset(context.Deadline.ToUniversalTime(), TimeSpan.Zero));
        var response = await reader.ReadAsync(read, context.CancellationToken);
        if (response is null)
            RpcErrors.NotFound("no resident matches that key");
        return response;
    }

    /// <inheritdoc />
    public override async Task<SearchResidentsResponse> SearchResidents(SearchResidentsRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Required("purpose", request.Purpose, 128);
        checks.Check(request.PageSize < 0, "page_size", "must not be negative");
        var size = request.PageSize <= 0 ? DefaultSearchPage : Math.Min(request.PageSize, MaxSearchPage);
        string? phone = null;
        string filter;
        switch (request.QueryCase)
        {
            case SearchResidentsRequest.QueryOneofCase.NameQuery:
                var q = request.NameQuery;
                var name = PersonName.Normalize(q.Name);
                checks.Check(name.Key.Length == 0, "name_query.name", "is required")
                    .MaxLength("name_query.name", q.Name, 200);
                var birth = q.BirthDate;
                checks.Check(birth is null || birth.Year == 0, "name_query.birth_date.year", "is required")
                    .Check(birth is not null && birth.Year is < 0 or > 9999, "name_query.birth_date.year", "must be 1 to 9999")
                    .Check(birth is not null && birth.Month is < 0 or > 12, "name_query.birth_date.month", "must be 0 to 12")
                    .Check(birth is not null && birth.Day is < 0 or > 31, "name_query.birth_date.day", "must be 0 to 31")
                    .Check(birth is not null && birth.Day > 0 && birth.Month == 0, "name_query.birth_date.day", "a day needs a month");
                if (birth is { Year: > 0 and <= 9999, Month: > 0 and <= 12, Day: > 0 and <= 31 })
                    checks.Check(birth.Day > DateTime.DaysInMonth(birth.Year, birth.Month), "name_query.birth_date", "is not a real date");
                filter = $"name|{name.Key}|{birth?.Year}-{birth?.Month}-{birth?.Day}";
                break;
            case SearchResidentsRequest.QueryOneofCase.Phone:
                var normalized = PhoneNumber.Normalize(request.Phone);
                var digits = request.Phone.Count(char.IsAsciiDigit);
                checks.MaxLength("phone", request.Phone, 64)
                    .Check(digits < 7, "phone", "needs at least 7 digits")
                    .Check(digits >= 7 && !normalized.HasValue, "phone", "is not a phone number the hub can read");
                phone = normalized.Value;
                filter = $"phone|{phone}";
                break;
            default:
                throw RpcErrors.InvalidArgument("query", "give name_query or phone");
        }
        var offset = PageToken.Offset(request.PageToken, filter, checks);
        checks.ThrowIfInvalid();

        var grant = await policy.GrantAsync(CallerIdentity.Of(context), request.Purpose, context.CancellationToken);
        var all = phone is not null
            ? await search.ByPhoneAsync(phone, context.CancellationToken)
            : await search.ByNameAsync(request.NameQuery.Name, request.NameQuery.BirthDate, context.CancellationToken);
        var page = all.Skip(offset).Take(size).ToList();
        var shown = await search.DescribeAsync(page, grant, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), context.CancellationToken);
        var response = new SearchResidentsResponse
        {
            RequestId = RequestIdOf(context),
            NextPageToken = offset + page.Count < all.Count ? PageToken.Next(offset, size, page.Count, filter) : "",
        };
        foreach (var hit in page)
        {
            var resident = shown.GetValueOrDefault(hit.ResidentId);
            response.Hits.Add(new ResidentSearchHit
            {
                ResidentId = hit.ResidentId, Name = resident?.Name ?? "", BirthDate = resident?.BirthDate,
                MatchReasons = { hit.Reasons }, Score = Math.Round(hit.Score, 3),
            });
        }
        return response;
    }

    /// <inheritdoc />
    public override async Task<LookupResidentResponse> LookupResident(LookupResidentRequest request, ServerCallContext context)
    {
        string? resident;
        switch (request.KeyCase)
        {
            case LookupResidentRequest.KeyOneofCase.SourceRef:
                new RequestChecks().Department("source_ref.department", request.SourceRef.Department)
                    .Required("source_ref.local_id", request.SourceRef.LocalId, 128).ThrowIfInvalid();
                // The hot path: one cache round trip for the record's resident and that resident's links.
                var linked = await lookup.LinksOfSourceAsync(request.SourceRef.Department, request.SourceRef.LocalId, context.CancellationToken);
                if (linked is null)
                    RpcErrors.NotFound("no resident is linked to that record");
                return new LookupResidentResponse { ResidentId = linked.ResidentId, Links = { linked.Links } };
            case LookupResidentRequest.KeyOneofCase.IdNumber:
                new RequestChecks().Required("id_number", request.IdNumber, 64).ThrowIfInvalid();
                var id = CitizenIdNumber.Parse(request.IdNumber, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
                new RequestChecks().Check(!id.IsValid, "id_number", $"not a valid citizen ID number ({id.Status})").ThrowIfInvalid();
                resident = await lookup.ResidentOfIdNumberAsync(id.Value!, context.CancellationToken);
                break;
            default:
                throw RpcErrors.InvalidArgument("key", "give source_ref or id_number");
        }
        if (resident is null)
            RpcErrors.NotFound("no resident is linked to that record");
        var links = await lookup.LinksAsync(resident, context.CancellationToken);
        if (links is null)
            RpcErrors.NotFound("no resident is linked to that record");
        return new LookupResidentResponse { ResidentId = links.ResidentId, Links = { links.Links } };
    }

    private ResidentKey? ResidentKeyOf(GetResidentRequest request, RequestChecks checks)
    {
        switch (request.KeyCase)
        {
            case GetResidentRequest.KeyOneofCase.ResidentId:
                var residentId = request.ResidentId;
                checks.Required("resident_id", residentId, 64)
                    .Check(residentId.AsSpan().ContainsAnyExceptInRange('!', '~'), "resident_id", "is opaque printable ASCII");
                return new ResidentKey(ResidentId: residentId);
            case GetResidentRequest.KeyOneofCase.IdNumber:
                checks.Required("id_number", request.IdNumber, 64);
                var id = CitizenIdNumber.Parse(request.IdNumber, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
                checks.Check(request.IdNumber.Length is > 0 and <= 64 && !id.IsValid, "id_number", $"not a valid citizen ID number ({id.Status})");
                return new ResidentKey(IdNumber: id.Value);
            case GetResidentRequest.KeyOneofCase.SourceRef:
                checks.Department("source_ref.department", request.SourceRef.Department)
                    .Required("source_ref.local_id", request.SourceRef.LocalId, 128);
                return new ResidentKey(Source: request.SourceRef);
            default:
                checks.Check(true, "key", "give resident_id, id_number or source_ref");
                return null;
        }
    }

    private static (string Department, string? Field) SplitField(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 ? (value, null) : (value[..dot], value[(dot + 1)..]);
    }

    // The caller's x-request-id when it sent a usable one, so its own logs and the hub's audit agree; otherwise a new id.
    private static string RequestIdOf(ServerCallContext context)
    {
        // The access interceptor has chosen the id the audit log records; the answer must carry the same.
        if (Hub.Security.AccessContext.Of(context) is { } access)
            return access.RequestId;
        var sent = Hub.Security.CallHeaders.Get(context, "x-request-id");
        return sent is { Length: > 0 and <= 128 } && sent.All(c => c is > ' ' and <= '~') ? sent : "Q" + Guid.CreateVersion7().ToString("N");
    }
}
