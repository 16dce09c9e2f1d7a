using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;

namespace Hub.Identity;

/// <summary>An identity operation that cannot be carried out as asked.</summary>
public sealed class IdentityRuleException(IdentityRuleKind kind, string message) : Exception(message)
{
    /// <summary>Why.</summary>
    public IdentityRuleKind Kind { get; } = kind;
}

/// <summary>Why an identity operation was refused.</summary>
public enum IdentityRuleKind
{
    /// <summary>A record or resident does not exist.</summary>
    NotFound,

    /// <summary>The operation would break a rule (different valid ID numbers, last link, closed review).</summary>
    FailedPrecondition,
}

/// <summary>The admin operations: link, unlink, merge, split and review decisions.</summary>
public sealed partial class IdentityEngine
{
    /// <summary>The resident an id stands for today: itself, or the survivor it was merged into; null when unknown.</summary>
    public async Task<string?> CanonicalAsync(string residentId, CancellationToken cancellationToken)
    {
        var row = await store.GetResidentAsync(residentId, cancellationToken);
        return row is null ? null : row.Merged ? row.MergedInto : row.ResidentId;
    }

    /// <summary>Links a record to a resident, moving it from its current one.</summary>
    public Task<((LinkRow Link, string Previous) Result, long Event)> LinkAsync(string department, string localId, string residentId, string actor,
        string reason, CancellationToken cancellationToken) =>
        MutateAsync(async (changes, now) =>
        {
            var target = await RequireCanonicalAsync(residentId, cancellationToken);
            var entry = _index.Find(department, localId) ?? throw NotFound($"no linked record {department}:{localId}");
            if (entry.ResidentId == target)
            {
                var current = (await store.GetLinkAsync(department, localId, cancellationToken))!;
                return (current, target);
            }
            var others = _index.RecordsOf(target).Select(e => e.Features.IdNumber).OfType<string>().Distinct().ToList();
            if (entry.Features.IdNumber is { } id && others.Count > 0 && !others.Contains(id))
                throw Precondition($"record {department}:{localId} has valid ID number {Mask(id)}, resident {target} has {Mask(others[0])}");
            var previous = entry.ResidentId;
            var link = new LinkRow(department, localId, target, LinkMethod.Manual, 0, entry.Features.IdNumber, now, actor);
            Move(changes, entry, target, link);
            changes.Events.Add(new EventRow(0, IdentityEventType.Linked, target, previous, [(department, localId)], actor, reason, now));
            Touch(changes, previous, null, null);
            return (link, previous);
        }, cancellationToken);

    /// <summary>Detaches a record: it becomes a resident of its own with a new id.</summary>
    public Task<((string Previous, string New) Result, long Event)> UnlinkAsync(string department, string localId, string actor, string reason,
        CancellationToken cancellationToken) =>
        MutateAsync(async (changes, now) =>
        {
            await Task.CompletedTask;
            var entry = _index.Find(department, localId) ?? throw NotFound($"no linked record {department}:{localId}");
            var previous = entry.ResidentId;
            if (_index.RecordsOf(previous).Count() <= 1)
                throw Precondition($"{department}:{localId} is the only record of resident {previous}");
            var fresh = NewResidentId();
            changes.NewResidents.Add(fresh);
            Move(changes, entry, fresh, new LinkRow(department, localId, fresh, LinkMethod.Manual, 0, entry.Features.IdNumber, now, actor));
            changes.Events.Add(new EventRow(0, IdentityEventType.Unlinked, previous, fresh, [(department, localId)], actor, reason, now));
            Touch(changes, previous, null, null);
            return (previous, fresh);
        }, cancellationToken);

    /// <summary>Merges <paramref name="mergedId"/> into <paramref name="survivorId"/>; the merged id becomes an alias.</summary>
    public Task<(string Survivor, long Event)> MergeAsync(string survivorId, string mergedId, string actor, string reason,
        CancellationToken cancellationToken) =>
        MutateAsync(async (changes, now) =>
        {
            var survivor = await RequireCanonicalAsync(survivorId, cancellationToken);
            var merged = await RequireCanonicalAsync(mergedId, cancellationToken);
            if (survivor == merged)
                return survivor;
            var survivorIds = _index.RecordsOf(survivor).Select(e => e.Features.IdNumber).OfType<string>().ToHashSet();
            var mergedIds = _index.RecordsOf(merged).Select(e => e.Features.IdNumber).OfType<string>().ToHashSet();
            if (survivorIds.Count > 0 && mergedIds.Count > 0 && !survivorIds.Overlaps(mergedIds))
                throw Precondition($"residents {survivor} and {merged} carry different valid ID numbers and are never merged");
            var moved = _index.RecordsOf(merged).ToList();
            foreach (var entry in moved)
                Move(changes, entry, survivor, new LinkRow(entry.Department, entry.LocalId, survivor, LinkMethod.Manual, 0, entry.Features.IdNumber, now, actor));
            changes.Merges.Add((merged, survivor));
            changes.Events.Add(new EventRow(0, IdentityEventType.Merged, survivor, merged, moved.Select(e => (e.Department, e.LocalId)).ToList(),
                actor, reason, now));
            Touch(changes, merged, null, null);
            foreach (var alias in await store.AliasesOfAsync(merged, cancellationToken))
                Touch(changes, alias, null, null);
            await SupersedeReviewsAsync(changes, merged, actor, now, cancellationToken);
            return survivor;
        }, cancellationToken);

    /// <summary>Moves some of a resident's records to a new resident.</summary>
    public Task<(string New, long Event)> SplitAsync(string residentId, IReadOnlyList<(string Department, string LocalId)> sources, string actor,
        string reason, CancellationToken cancellationToken) =>
        MutateAsync(async (changes, now) =>
        {
            var resident = await RequireCanonicalAsync(residentId, cancellationToken);
            var records = _index.RecordsOf(resident).ToList();
            var moving = new List<Matching.IdentityIndex.Entry>();
            foreach (var (department, localId) in sources.Distinct())
                moving.Add(records.FirstOrDefault(e => e.Department == department && e.LocalId == localId)
                    ?? throw Precondition($"{department}:{localId} is not linked to resident {resident}"));
            if (moving.Count >= records.Count)
                throw Precondition($"split would move every record of {resident}; leave at least one");
            var fresh = NewResidentId();
            changes.NewResidents.Add(fresh);
            foreach (var entry in moving)
                Move(changes, entry, fresh, new LinkRow(entry.Department, entry.LocalId, fresh, LinkMethod.Manual, 0, entry.Features.IdNumber, now, actor));
            changes.Events.Add(new EventRow(0, IdentityEventType.Split, resident, fresh, moving.Select(e => (e.Department, e.LocalId)).ToList(),
                actor, reason, now));
            Touch(changes, resident, null, null);
            return fresh;
        }, cancellationToken);

    /// <summary>Decides an open review item: link its record to a resident, or keep it as a new resident.</summary>
    public Task<((ReviewItem Item, LinkRow Link) Result, long Event)> DecideReviewAsync(string reviewId, ReviewOutcome outcome, string? residentId,
        string note, string actor, CancellationToken cancellationToken) =>
        MutateAsync(async (changes, now) =>
        {
            var review = await store.GetReviewAsync(reviewId, cancellationToken) ?? throw NotFound($"no review item {reviewId}");
            if (review.Item.State != ReviewState.Open)
                throw Precondition($"review item {reviewId} is {review.Item.State}, no longer open");
            var entry = _index.Find(review.Department, review.LocalId) ?? throw NotFound($"record {review.Department}:{review.LocalId} is gone");
            var provisional = entry.ResidentId;
            LinkRow link;
            if (outcome == ReviewOutcome.Link)
            {
                var target = await RequireCanonicalAsync(residentId!, cancellationToken);
                link = new LinkRow(review.Department, review.LocalId, target, LinkMethod.Review, review.Item.Candidates.FirstOrDefault()?.Score ?? 0,
                    entry.Features.IdNumber, now, actor);
                Move(changes, entry, target, link);
                if (!_index.RecordsOf(provisional).Any())
                    changes.Merges.Add((provisional, target)); // the provisional id handed out with the ack keeps resolving
                changes.Events.Add(new EventRow(0, IdentityEventType.Linked, target, provisional, [(review.Department, review.LocalId)],
                    actor, $"review {reviewId}: {note}", now));
                Touch(changes, provisional, null, null);
            }
            else
            {
                link = (await store.GetLinkAsync(review.Department, review.LocalId, cancellationToken))!;
            }
            var item = review.Item.Clone();
            item.State = ReviewState.Decided;
            item.Outcome = outcome;
            item.DecidedResidentId = link.ResidentId;
            item.DecidedBy = actor;
            item.DecideTime = Timestamp.FromDateTimeOffset(now);
            item.Note = note;
            changes.Reviews.Add(review with { Item = item });
            return (item, link);
        }, cancellationToken);

    // Runs an operation under the gate, commits its change set, invalidates what it touched, and
    // returns its result with the sequence of its first event (0 when it changed nothing).
    private async Task<(T Result, long Event)> MutateAsync<T>(Func<IdentityChangeSet, DateTimeOffset, Task<T>> operation, CancellationToken cancellationToken)
    {
        var changes = new IdentityChangeSet();
        var now = time.GetUtcNow();
        T result;
        IReadOnlyList<long> sequences;
        IReadOnlyCollection<string> stale;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Operations read the store as well as the index: let queued ingest changes land first.
            await QueueDrainedAsync();
            var epoch = await BeginChangeAsync(cancellationToken);
            result = await operation(changes, now);
            Task<IReadOnlyList<long>> committed;
            (stale, committed) = QueueCommit(changes, now, epoch);
            sequences = await committed;
        }
        finally
        {
            _gate.Release();
        }
        await cache.AfterCommitAsync(stale, cancellationToken);
        return (result, sequences.Count == 0 ? 0 : sequences[0]);
    }

    private void Move(IdentityChangeSet changes, Matching.IdentityIndex.Entry entry, string target, LinkRow link)
    {
        Touch(changes, entry.ResidentId, (entry.Department, entry.LocalId), entry.Features.IdNumber);
        _index.Move(entry.Department, entry.LocalId, target);
        changes.Links.Add(link);
        Touch(changes, target, null, null);
    }

    // Open reviews whose provisional resident was merged away are answered by the merge itself.
    private async Task SupersedeReviewsAsync(IdentityChangeSet changes, string merged, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var review in await store.OpenReviewsOfProvisionalAsync(merged, cancellationToken))
        {
            var item = review.Item.Clone();
            item.State = ReviewState.Superseded;
            item.DecidedBy = actor;
            item.DecideTime = Timestamp.FromDateTimeOffset(now);
            item.Note = $"superseded: resident {merged} was merged";
            changes.Reviews.Add(review with { Item = item });
        }
    }

    private async Task<string> RequireCanonicalAsync(string residentId, CancellationToken cancellationToken) =>
        await CanonicalAsync(residentId, cancellationToken) ?? throw NotFound($"no resident {residentId}");

    private static IdentityRuleException NotFound(string message) => new(IdentityRuleKind.NotFound, message);

    private static IdentityRuleException Precondition(string message) => new(IdentityRuleKind.FailedPrecondition, message);

    private static string Mask(string id) => id[..6] + new string('*', 8) + id[^4..];
}
