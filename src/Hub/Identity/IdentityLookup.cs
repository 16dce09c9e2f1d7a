using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;

namespace Hub.Identity;

/// <summary>
/// Cached identity reads: which resident a department record or an ID number belongs to, and a
/// resident's links and aliases. Every answer follows aliases to the surviving resident.
/// </summary>
public sealed class IdentityLookup(IIdentityStore store, IdentityCache cache)
{
    private readonly ParsedCache<GetLinksResponse> _parsed = new(4096, static text => GetLinksResponse.Parser.ParseFrom(Convert.FromBase64String(text)));

    /// <summary>The resident of a department record, or null when it is not linked.</summary>
    public Task<string?> ResidentOfSourceAsync(string department, string localId, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync(IdentityCache.SourceKey(department, localId), async ct =>
        {
            var link = await store.GetLinkAsync(department, localId, ct);
            return link is null ? null : await CanonicalAsync(link.ResidentId, ct);
        }, cancellationToken);

    /// <summary>
    /// The surviving resident of a department record, its links and aliases, or null when the record
    /// is not linked: what <see cref="ResidentOfSourceAsync"/> then <see cref="LinksAsync"/> answer, but
    /// when both keys are cached it costs one cache round trip (one consistent read of both), not two.
    /// Anything short of a full hit goes the read-through way, so loading, filling and tombstones work as there.
    /// </summary>
    public async Task<GetLinksResponse?> LinksOfSourceAsync(string department, string localId, CancellationToken cancellationToken)
    {
        var (resident, links) = await cache.GetChainedAsync(
            IdentityCache.SourceKey(department, localId), IdentityCache.ResidentKeyPrefix, cancellationToken);
        if (links is not null)
            return Parse(links);
        // A cached resident is what ResidentOfSourceAsync would answer; otherwise read it through.
        resident ??= await ResidentOfSourceAsync(department, localId, cancellationToken);
        return resident is null ? null : await LinksAsync(resident, cancellationToken);
    }

    /// <summary>The resident a valid ID number is linked to, or null.</summary>
    public Task<string?> ResidentOfIdNumberAsync(string idNumber, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync(IdentityCache.IdNumberKey(idNumber), async ct =>
        {
            var resident = await store.ResidentOfIdNumberAsync(idNumber, ct);
            return resident is null ? null : await CanonicalAsync(resident, ct);
        }, cancellationToken);

    /// <summary>The surviving resident, its links and aliases, or null when the id is unknown.</summary>
    public async Task<GetLinksResponse?> LinksAsync(string residentId, CancellationToken cancellationToken)
    {
        var cached = await cache.GetOrLoadAsync(IdentityCache.ResidentKey(residentId), async ct =>
        {
            var canonical = await CanonicalAsync(residentId, ct);
            if (canonical is null)
                return null;
            var response = new GetLinksResponse { ResidentId = canonical };
            response.Links.AddRange((await store.LinksOfAsync(canonical, ct)).Select(ToMessage));
            response.AliasIds.AddRange(await store.AliasesOfAsync(canonical, ct));
            return Convert.ToBase64String(response.ToByteArray());
        }, cancellationToken);
        return cached is null ? null : Parse(cached);
    }

    // Every resident read parses its cached links; the parsed form is kept by the cached text, so a read costs a deep copy
    // (no base64, no UTF-8, no new strings). A copy, because callers own what they get and may change it.
    private GetLinksResponse Parse(string cached) => _parsed.Get(cached).Clone();

    /// <summary>A link as the contract shows it.</summary>
    public static IdentityLink ToMessage(LinkRow l) => new()
    {
        SourceRef = new SourceRef { Department = l.Department, LocalId = l.LocalId },
        ResidentId = l.ResidentId,
        Method = l.Method,
        Score = l.Score,
        CreateTime = Timestamp.FromDateTimeOffset(l.CreatedAt),
        CreatedBy = l.CreatedBy,
    };

    private async Task<string?> CanonicalAsync(string residentId, CancellationToken cancellationToken)
    {
        var row = await store.GetResidentAsync(residentId, cancellationToken);
        return row is null ? null : row.Merged ? row.MergedInto : row.ResidentId;
    }
}
