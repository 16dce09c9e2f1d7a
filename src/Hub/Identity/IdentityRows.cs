using Hub.Contracts.V1;

namespace Hub.Identity;

/// <summary>A department record's link to a resident.</summary>
public sealed record LinkRow(string Department, string LocalId, string ResidentId, LinkMethod Method, double Score, string? IdNumber,
    DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A resident id: active, or merged into a survivor (then an alias).</summary>
public sealed record ResidentRow(string ResidentId, bool Merged, string? MergedInto, DateTimeOffset CreatedAt);

/// <summary>A stored identity event.</summary>
public sealed record EventRow(long Sequence, IdentityEventType Type, string ResidentId, string OtherResidentId,
    IReadOnlyList<(string Department, string LocalId)> Sources, string Actor, string Reason, DateTimeOffset Time);

/// <summary>A stored review item: the contract message plus the keys the queue is searched by.</summary>
public sealed record ReviewRow(string ReviewId, string Department, string LocalId, string ProvisionalResidentId, ReviewItem Item);

/// <summary>
/// Everything one identity operation changes, written in one transaction: new residents, merges,
/// links, events, review items, the cache keys it makes stale, and the response of an idempotent call.
/// </summary>
public sealed class IdentityChangeSet
{
    /// <summary>Resident ids issued by this change.</summary>
    public List<string> NewResidents { get; } = [];

    /// <summary>(merged, survivor): the merged id becomes an alias; its own aliases follow it.</summary>
    public List<(string Merged, string Survivor)> Merges { get; } = [];

    /// <summary>Links created or moved.</summary>
    public List<LinkRow> Links { get; } = [];

    /// <summary>Links removed because their department deleted the record; written after <see cref="Links"/>.</summary>
    public List<(string Department, string LocalId)> RemovedLinks { get; } = [];

    /// <summary>Events to record; the store numbers them.</summary>
    public List<EventRow> Events { get; } = [];

    /// <summary>Review items created or changed.</summary>
    public List<ReviewRow> Reviews { get; } = [];

    /// <summary>Cache keys to invalidate.</summary>
    public HashSet<string> StaleCacheKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>The response to remember for (caller, request id), when the call gave one.</summary>
    public (string Caller, string RequestId, byte[] Response)? Request { get; set; }

    /// <summary>True when nothing changes.</summary>
    public bool IsEmpty => NewResidents.Count + Merges.Count + Links.Count + RemovedLinks.Count + Events.Count + Reviews.Count == 0;
}

/// <summary>Keeps residents, links, identity events and the review queue.</summary>
public interface IIdentityStore
{
    /// <summary>Writes a change set in one transaction; returns the sequence numbers given to its events, in order.</summary>
    Task<IReadOnlyList<long>> ApplyAsync(IdentityChangeSet changes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The link of one department record, or null.</summary>
    Task<LinkRow?> GetLinkAsync(string department, string localId, CancellationToken cancellationToken);

    /// <summary>The links of a resident (not following aliases).</summary>
    Task<IReadOnlyList<LinkRow>> LinksOfAsync(string residentId, CancellationToken cancellationToken);

    /// <summary>The resident a valid ID number is linked to, or null.</summary>
    Task<string?> ResidentOfIdNumberAsync(string idNumber, CancellationToken cancellationToken);

    /// <summary>A resident id's row, or null.</summary>
    Task<ResidentRow?> GetResidentAsync(string residentId, CancellationToken cancellationToken);

    /// <summary>The ids merged into a survivor.</summary>
    Task<IReadOnlyList<string>> AliasesOfAsync(string survivorId, CancellationToken cancellationToken);

    /// <summary>Events concerning a resident (as subject or as the other party), oldest first.</summary>
    Task<IReadOnlyList<EventRow>> EventsOfAsync(string residentId, CancellationToken cancellationToken);

    /// <summary>One review item, or null.</summary>
    Task<ReviewRow?> GetReviewAsync(string reviewId, CancellationToken cancellationToken);

    /// <summary>Review items, oldest first; <paramref name="state"/> Unspecified means all.</summary>
    Task<IReadOnlyList<ReviewRow>> ListReviewsAsync(ReviewState state, string? department, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Open review items whose record was provisionally given <paramref name="residentId"/>.</summary>
    Task<IReadOnlyList<ReviewRow>> OpenReviewsOfProvisionalAsync(string residentId, CancellationToken cancellationToken);

    /// <summary>The remembered response of an idempotent call, or null.</summary>
    Task<byte[]?> GetResponseAsync(string caller, string requestId, CancellationToken cancellationToken);

    /// <summary>Cache keys waiting to be invalidated, oldest first.</summary>
    Task<IReadOnlyList<(long Id, string Key)>> PendingCacheKeysAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Forgets outbox rows whose keys were invalidated.</summary>
    Task DeleteCacheKeysAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>Every link with its source record's payload, for rebuilding the matching index.</summary>
    IAsyncEnumerable<(LinkRow Link, byte[] Payload)> LoadLinkedRecordsAsync(CancellationToken cancellationToken);

    /// <summary>Open review items about one department record.</summary>
    Task<IReadOnlyList<ReviewRow>> OpenReviewsOfSourceAsync(string department, string localId, CancellationToken cancellationToken);

    /// <summary>Linked records whose source was deleted while the link stayed (the hub stopped between the two commits).</summary>
    Task<IReadOnlyList<(string Department, string LocalId)>> DeletedLinkedRecordsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Accepted resident records that have no link yet (the hub stopped between the two commits).</summary>
    Task<IReadOnlyList<(string Department, string LocalId, byte[] Payload)>> UnlinkedRecordsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Of the given department records: the accepted resident records with no link yet, and the records deleted at
    /// their source that still have one. Records the store does not hold are left out.
    /// </summary>
    Task<UnsettledRecords> UnsettledRecordsAsync(IReadOnlyCollection<(string Department, string LocalId)> sources, CancellationToken cancellationToken);
}

/// <summary>Stored department records whose identity step has not been carried out (see <see cref="IIdentityStore.UnsettledRecordsAsync"/>).</summary>
public sealed record UnsettledRecords(
    IReadOnlyList<(string Department, string LocalId, byte[] Payload)> Unlinked,
    IReadOnlyList<(string Department, string LocalId)> DeletedLinked);
