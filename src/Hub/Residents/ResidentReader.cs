using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;
using Hub.Federation;
using Hub.Hosting;
using Hub.Identity;
using Microsoft.Extensions.Options;

namespace Hub.Residents;

/// <summary>
/// GetResident: resolves the key through the identity cache, then reads the core identity from the
/// hub's store and one facet per department live from the adapters, all in parallel. Each department
/// has its own deadline (the caller's deadline less <c>Hub:Federation:DeadlineMargin</c>, at most
/// <c>Hub:Federation:FacetTimeout</c>) and its own breaker, so a slow or dead one costs a facet, never the answer.
/// </summary>
public sealed class ResidentReader(
    IdentityLookup lookup, IResidentRecordStore records, AdapterDirectory directory, FacetFetcher fetcher, IResidentAccessPolicy policy,
    IOptions<HubOptions> options, TimeProvider time)
{
    private readonly FederationOptions _options = options.Value.Federation;

    /// <summary>The resident's view, or null when no resident matches the key.</summary>
    public async Task<GetResidentResponse?> ReadAsync(ResidentRead read, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var facetDeadline = Min(now + _options.FacetTimeout, read.CallerDeadline == DateTimeOffset.MaxValue
            ? DateTimeOffset.MaxValue : read.CallerDeadline - _options.DeadlineMargin);

        var links = await ResolveAsync(read.Key, cancellationToken);
        if (links is null)
            return null;
        // Both answer from memory almost always (the access tables and the adapter directory are snapshots).
        var grant = await policy.GrantAsync(read.Caller, read.Purpose, cancellationToken);
        var servers = await directory.FacetServersAsync(cancellationToken);

        // Plain loops, not LINQ: this runs on every read, and the lists are a handful of items long.
        var linked = new Dictionary<string, List<SourceRef>>(StringComparer.Ordinal);
        foreach (var link in links.Links)
        {
            if (!linked.TryGetValue(link.SourceRef.Department, out var refs))
                linked[link.SourceRef.Department] = refs = [];
            refs.Add(link.SourceRef);
        }
        var departments = Departments(read, servers, linked, grant);

        var facets = new Task<Facet>[departments.Count];
        for (var i = 0; i < facets.Length; i++)
        {
            var department = departments[i];
            facets[i] = FacetAsync(read, department, linked.GetValueOrDefault(department) ?? [], servers.GetValueOrDefault(department) ?? [], grant,
                facetDeadline, cancellationToken);
        }

        // The facets are on their way before the core identity is read from the hub's store: that read (synchronous in
        // the common case) then runs while the adapters work, instead of delaying every facet read by its length.
        var rows = await records.PersonRecordsOfAsync([links.ResidentId], cancellationToken);
        var core = ResidentCore.Build(links, rows, grant, DateOnly.FromDateTime(now.UtcDateTime));
        return Assemble(read, core, await Task.WhenAll(facets));
    }

    // Named departments are read (a refused one shows as DENIED); fields alone name their departments;
    // otherwise every department that serves facets or holds a record of the resident, as the policy allows. In code order.
    private static List<string> Departments(ResidentRead read, IReadOnlyDictionary<string, IReadOnlyList<AdapterRegistration>> servers,
        Dictionary<string, List<SourceRef>> linked, ResidentGrant grant)
    {
        var departments = new List<string>(read.Departments.Count > 0 ? read.Departments.Count : servers.Count + linked.Count);
        if (read.Departments.Count > 0)
            departments.AddRange(read.Departments);
        else if (read.Fields.Count > 0)
            departments.AddRange(read.Fields.Keys);
        else
        {
            foreach (var department in servers.Keys)
            {
                if (grant.DepartmentRefusal(department) is null)
                    departments.Add(department);
            }
            foreach (var department in linked.Keys)
            {
                if (!servers.ContainsKey(department) && grant.DepartmentRefusal(department) is null)
                    departments.Add(department);
            }
        }
        departments.Sort(StringComparer.Ordinal);
        return departments;
    }

    /// <summary>
    /// The one place the final answer is put together: every GetResident answer passes here. The
    /// audit record of the read (issue #9) belongs here, next to what is returned.
    /// </summary>
    private static GetResidentResponse Assemble(ResidentRead read, Resident core, Facet[] facets) => new()
    {
        Resident = core,
        Facets = { facets },
        RequestId = read.RequestId,
    };

    private async Task<Facet> FacetAsync(ResidentRead read, string department, List<SourceRef> refs, IReadOnlyList<AdapterRegistration> adapters,
        ResidentGrant grant, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (grant.DepartmentRefusal(department) is { } refusal)
            return Set(Described(new Facet(), department, refs, null), FacetOutcome.NotAsked(FacetStatus.Denied, refusal));
        if (refs.Count == 0)
            return Set(Described(new Facet(), department, refs, null), FacetOutcome.NotAsked(FacetStatus.NotLinked, "the resident has no record in this department"));

        var requested = read.Fields.GetValueOrDefault(department);
        var request = new GetFacetRequest { SourceRefs = { refs }, Purpose = read.Purpose, RequestId = read.RequestId, Caller = read.Caller };
        List<string>? denied = null;
        if (requested is not null)
        {
            foreach (var field in requested)
            {
                if (grant.AllowsField(department, field))
                    request.Fields.Add(field);
                else
                    (denied ??= []).Add(field);
            }
            if (request.Fields.Count == 0)
                return Set(Described(new Facet(), department, refs, denied), FacetOutcome.NotAsked(FacetStatus.Denied, "none of the requested fields is allowed for this purpose"));
        }
        // No fields named: the adapter returns every field it serves, and the policy filters them below.
        var outcome = await fetcher.FetchAsync(adapters, request, deadline, cancellationToken);
        if (outcome.Answer is not { } answer)
            return Set(Described(new Facet(), department, refs, denied), outcome);

        // The adapter's answer was read straight into a facet (see FacetWire): it becomes this department's facet, and
        // what the policy withholds leaves its map in place (the rest keep the order the adapter sent them in).
        Described(answer, department, refs, denied);
        List<string>? withheld = null;
        foreach (var entry in answer.Fields)
        {
            if (grant.AllowsField(department, entry.Key))
                continue;
            (withheld ??= []).Add(entry.Key);
            if (!answer.DeniedFields.Contains(entry.Key))
                answer.DeniedFields.Add(entry.Key);
        }
        if (withheld is not null)
        {
            foreach (var name in withheld)
                answer.Fields.Remove(name);
        }
        answer.AsOfTime ??= Timestamp.FromDateTimeOffset(time.GetUtcNow());
        return Set(answer, outcome);
    }

    // Which department the facet is, the resident's records there, and the requested fields the policy refused.
    private static Facet Described(Facet facet, string department, List<SourceRef> refs, List<string>? denied)
    {
        facet.Department = department;
        facet.SourceRefs.AddRange(refs);
        if (denied is not null)
            facet.DeniedFields.AddRange(denied);
        return facet;
    }

    private static Facet Set(Facet facet, FacetOutcome outcome)
    {
        facet.Status = outcome.Status;
        facet.StatusDetail = outcome.Detail;
        facet.Latency = Duration.FromTimeSpan(outcome.Latency);
        return facet;
    }

    private async Task<GetLinksResponse?> ResolveAsync(ResidentKey key, CancellationToken cancellationToken)
    {
        if (key.Source is { } source)
            return await lookup.LinksOfSourceAsync(source.Department, source.LocalId, cancellationToken);
        var resident = key.ResidentId ?? (key.IdNumber is { } id ? await lookup.ResidentOfIdNumberAsync(id, cancellationToken) : null);
        return resident is null ? null : await lookup.LinksAsync(resident, cancellationToken);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
