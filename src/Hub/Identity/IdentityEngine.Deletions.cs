using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;

namespace Hub.Identity;

/// <summary>What forgetting one deleted department record did.</summary>
/// <param name="ResidentId">The resident the record was linked to; null when it had no link (nothing changed).</param>
/// <param name="LastRecord">True when the resident has no linked record left.</param>
public sealed record ForgottenRecord(string? ResidentId, bool LastRecord);

/// <summary>Deleted records: a department's tombstone removes the record from identity.</summary>
public sealed partial class IdentityEngine
{
    /// <summary>
    /// Removes the links of department records that were deleted at their source, in one transaction:
    /// the record leaves the matching index, its link is deleted, its open review items are closed as
    /// superseded, and an <see cref="IdentityEventType.Deleted"/> event is recorded per record. The
    /// resident id stays and keeps resolving, even when it is left with no record (its history shows
    /// why); it is never reused. A record that has no link is skipped. The cache keys it touched are
    /// invalidated before the call returns, as for <see cref="UnlinkAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<ForgottenRecord>> ForgetDeletedAsync(IReadOnlyList<(string Department, string LocalId)> sources, string actor,
        string reason, CancellationToken cancellationToken)
    {
        try
        {
            return await ForgetAsync(sources, actor, reason, cancellationToken);
        }
        catch
        {
            // Deleted at the source but still linked: removed again by RelinkAsync (or at the next start).
            RememberUnsettled(sources);
            throw;
        }
    }

    private async Task<IReadOnlyList<ForgottenRecord>> ForgetAsync(IReadOnlyList<(string Department, string LocalId)> sources, string actor,
        string reason, CancellationToken cancellationToken) =>
        (await MutateAsync(async (changes, now) =>
        {
            var results = new List<ForgottenRecord>(sources.Count);
            foreach (var (department, localId) in sources)
            {
                var entry = _index.Find(department, localId);
                if (entry is null)
                {
                    results.Add(new ForgottenRecord(null, false));
                    continue;
                }
                var resident = entry.ResidentId;
                Touch(changes, resident, (department, localId), entry.Features.IdNumber);
                _index.Remove(department, localId);
                changes.RemovedLinks.Add((department, localId));
                changes.Events.Add(new EventRow(0, IdentityEventType.Deleted, resident, "", [(department, localId)], actor, reason, now));
                foreach (var review in await store.OpenReviewsOfSourceAsync(department, localId, cancellationToken))
                {
                    var item = review.Item.Clone();
                    item.State = ReviewState.Superseded;
                    item.DecidedBy = actor;
                    item.DecideTime = Timestamp.FromDateTimeOffset(now);
                    item.Note = $"superseded: record {department}:{localId} was deleted at its source";
                    changes.Reviews.Add(review with { Item = item });
                }
                results.Add(new ForgottenRecord(resident, !_index.RecordsOf(resident).Any()));
            }
            return results;
        }, cancellationToken)).Result;
}
