using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;
using Hub.Identity.Matching;

namespace Hub.Identity;

/// <summary>What ingesting one person record did; <see cref="Resolution"/> only when the caller asked to keep it.</summary>
public sealed record IngestedIdentity(string ResidentId, Decision Decision, string? ReviewId, Resolution? Resolution);

/// <summary>
/// One resident, one id: links ingested records to residents, keeps the matching index, and carries
/// out the admin operations (link, unlink, merge, split, review decisions). Changes are serialised;
/// each is written to the store in one transaction, and the cache keys it touched are invalidated
/// before the call returns.
/// </summary>
public sealed partial class IdentityEngine(
    IIdentityStore store, IdentityResolver resolver, FeatureExtractor extractor, IdentityCache cache, TimeProvider time,
    ILogger<IdentityEngine> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IdentityIndex _index = new();

    /// <summary>The rules in use.</summary>
    public MatchRules Rules => resolver.Rules;

    /// <summary>Records in the matching index.</summary>
    public int IndexedRecords => _index.Count;

    /// <summary>Rebuilds the matching index from the store, then links accepted records that have no link yet.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _index = await BuildIndexAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
        while (true)
        {
            var unlinked = await store.UnlinkedRecordsAsync(1000, cancellationToken);
            if (unlinked.Count == 0)
                break;
            logger.LogInformation("Linking {Count} accepted record(s) that had no link yet", unlinked.Count);
            await LinkStoredAsync(unlinked, cancellationToken);
        }
        while (true)
        {
            var deleted = await store.DeletedLinkedRecordsAsync(1000, cancellationToken);
            if (deleted.Count == 0)
                break;
            logger.LogInformation("Removing the links of {Count} record(s) deleted at their source", deleted.Count);
            var forgotten = await ForgetStoredDeletionsAsync(deleted, cancellationToken);
            if (forgotten.All(f => f.ResidentId is null))
            {
                // Links the index does not hold (their stored record is no person): nothing to take out of matching.
                logger.LogWarning("{Count} link(s) of deleted records are not in the matching index and stay", deleted.Count);
                break;
            }
        }
        logger.LogInformation("Identity index holds {Count} record(s); rules {Version}", _index.Count, Rules.Version);
    }

    private async Task<IdentityIndex> BuildIndexAsync(CancellationToken cancellationToken)
    {
        var index = new IdentityIndex();
        await foreach (var (link, payload) in store.LoadLinkedRecordsAsync(cancellationToken))
        {
            var record = IngestRecord.Parser.ParseFrom(payload);
            if (record.Person is not null)
                index.Upsert(link.Department, link.LocalId, extractor.Extract(record.Person), link.ResidentId);
        }
        return index;
    }

    /// <summary>Matches a record without changing anything.</summary>
    public async Task<Resolution> ResolveAsync(PersonRecord record, int maxCandidates, CancellationToken cancellationToken)
    {
        var features = extractor.Extract(record);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // A department without a local id still counts for the one-record-per-department guard (no record has an empty id).
            var self = record.SourceRef is { Department.Length: > 0 } s ? (s.Department, s.LocalId) : ((string, string)?)null;
            return resolver.Resolve(features, _index, self, maxCandidates);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Links a batch of accepted person records in one transaction. A record already linked keeps its
    /// resident and only refreshes its evidence; a new one is matched: linked, made a new resident, or
    /// made a provisional resident with a review item.
    /// </summary>
    /// <param name="records">The records, in the order they are to be linked.</param>
    /// <param name="actor">Who is recorded as making the links.</param>
    /// <param name="cancellationToken">Stops before the commit.</param>
    /// <param name="prepared">Their features from <see cref="Prepare"/>, when the caller computed them ahead (a bulk load overlaps
    /// normalising the next batch with committing this one).</param>
    /// <param name="keepResolutions">Return each record's full <see cref="Resolution"/> (candidates and comparisons). Off for
    /// ingest: a batch waits for its commit holding its results, and thousands of records per stream are in flight.</param>
    public async Task<IReadOnlyList<IngestedIdentity>> IngestAsync(IReadOnlyList<(string Department, string LocalId, PersonRecord Person)> records,
        string actor, CancellationToken cancellationToken, IdentityFeatures[]? prepared = null, bool keepResolutions = false)
    {
        var results = new List<IngestedIdentity>(records.Count);
        var changes = new IdentityChangeSet();
        var now = time.GetUtcNow();
        // On the caller's thread: the ingest streams, one per adapter, are the parallelism here. Spreading one batch over
        // every core too (Prepare) added spinning workers that took turns on the cores with the single store writer, the
        // pace-setter of a sync; measured on the adapter benchmark, hub CPU per row and rows per second both came out
        // better without it.
        var extracted = prepared ?? ExtractEach(records.Select(r => r.Person).ToList());
        IReadOnlyCollection<string> stale;
        try
        {
            Task<IReadOnlyList<long>> committed;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var epoch = await BeginChangeAsync(cancellationToken);
                for (var i = 0; i < records.Count; i++)
                {
                    var (department, localId, person) = records[i];
                    var features = extracted[i];
                    var existing = _index.Find(department, localId);
                    if (existing is not null)
                    {
                        _index.Upsert(department, localId, features, existing.ResidentId);
                        results.Add(new IngestedIdentity(existing.ResidentId, Decision.Matched, null, null));
                        continue;
                    }
                    var resolution = resolver.Resolve(features, _index, (department, localId));
                    results.Add(Apply(department, localId, person, features, resolution, actor, now, changes, keepResolutions));
                }
                // Queued, not awaited here: the next records are matched while these are written.
                (stale, committed) = QueueCommit(changes, now, epoch);
            }
            finally
            {
                _gate.Release();
            }
            await committed;
        }
        catch
        {
            // Stored by ingest but not linked (its turn cancelled, matching or the commit failed): linked again by
            // RelinkAsync, or at the next start.
            RememberUnsettled(records.Select(r => (r.Department, r.LocalId)));
            throw;
        }
        await cache.AfterCommitAsync(stale, cancellationToken);
        return results;
    }

    /// <summary>
    /// Normalises records into matching features on every core, for a bulk load that prepares its next batch while the
    /// current one is linked (<see cref="IngestAsync"/> takes the result). Pure, and the costly part of linking, so it
    /// runs outside the engine's lock.
    /// </summary>
    public IdentityFeatures[] Prepare(IReadOnlyList<PersonRecord> people)
    {
        if (people.Count < 64)
            return ExtractEach(people);
        var extracted = new IdentityFeatures[people.Count];
        Parallel.For(0, people.Count, i => _ = (extracted[i] = extractor.Extract(people[i])).Blocking);
        return extracted;
    }

    // One after another on the calling thread. The blocking keys are hashed here too, so the engine's lock only looks them up.
    private IdentityFeatures[] ExtractEach(IReadOnlyList<PersonRecord> people)
    {
        var extracted = new IdentityFeatures[people.Count];
        for (var i = 0; i < people.Count; i++)
            _ = (extracted[i] = extractor.Extract(people[i])).Blocking;
        return extracted;
    }

    private IngestedIdentity Apply(string department, string localId, PersonRecord person, IdentityFeatures features, Resolution resolution,
        string actor, DateTimeOffset now, IdentityChangeSet changes, bool keepResolution)
    {
        string residentId;
        LinkMethod method;
        string? reviewId = null;
        if (resolution.Decision == Decision.Matched)
        {
            residentId = resolution.ResidentId!;
            method = resolution.Deterministic ? LinkMethod.Deterministic : LinkMethod.Probabilistic;
        }
        else
        {
            residentId = NewResidentId();
            changes.NewResidents.Add(residentId);
            method = LinkMethod.New;
            if (resolution.Decision is Decision.Review or Decision.Conflict)
            {
                reviewId = "V" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                var item = new ReviewItem
                {
                    ReviewId = reviewId, State = ReviewState.Open, Decision = resolution.Decision, Record = person.Clone(),
                    CreateTime = Timestamp.FromDateTimeOffset(now), Note = resolution.Explanation,
                };
                item.Record.SourceRef = new SourceRef { Department = department, LocalId = localId };
                item.Candidates.AddRange(resolution.Candidates.Select(ToCandidate));
                changes.Reviews.Add(new ReviewRow(reviewId, department, localId, residentId, item));
            }
        }
        _index.Upsert(department, localId, features, residentId);
        changes.Links.Add(new LinkRow(department, localId, residentId, method, resolution.Score, features.IdNumber, now, actor));
        changes.Events.Add(new EventRow(0, IdentityEventType.Linked, residentId, "", [(department, localId)], actor,
            $"{resolution.Decision}: {resolution.Explanation} (rules {resolution.RulesVersion})", now));
        if (method == LinkMethod.New)
        {
            // A resident id issued by this change cannot be cached yet (the cache never keeps a miss), so only
            // the source and ID number keys go to the outbox: a bulk sync writes a third fewer outbox rows.
            TouchSource(changes, (department, localId), features.IdNumber);
        }
        else
            Touch(changes, residentId, (department, localId), features.IdNumber);
        return new IngestedIdentity(residentId, resolution.Decision, reviewId, keepResolution ? resolution : null);
    }

    // Queues a change set for the writer; returns the cache keys to invalidate directly once it is
    // committed (none when they go to the durable outbox in its transaction), and its commit.
    private (IReadOnlyCollection<string> Direct, Task<IReadOnlyList<long>> Committed) QueueCommit(IdentityChangeSet changes, DateTimeOffset now, long epoch)
    {
        if (changes.IsEmpty && changes.Request is null)
            return ([], Task.FromResult<IReadOnlyList<long>>([]));
        string[] direct = [];
        if (!cache.Durable)
        {
            direct = [.. changes.StaleCacheKeys];
            changes.StaleCacheKeys.Clear();
        }
        return (direct, Enqueue(changes, now, epoch));
    }

    private static void Touch(IdentityChangeSet changes, string residentId, (string Department, string LocalId)? source, string? idNumber)
    {
        changes.StaleCacheKeys.Add(IdentityCache.ResidentKey(residentId));
        TouchSource(changes, source, idNumber);
    }

    private static void TouchSource(IdentityChangeSet changes, (string Department, string LocalId)? source, string? idNumber)
    {
        if (source is { } s)
            changes.StaleCacheKeys.Add(IdentityCache.SourceKey(s.Department, s.LocalId));
        if (idNumber is not null)
            changes.StaleCacheKeys.Add(IdentityCache.IdNumberKey(idNumber));
    }

    internal static MatchCandidate ToCandidate(CandidateScore c) =>
        new() { ResidentId = c.ResidentId, Score = c.Pair.Score, Comparisons = { c.Pair.Comparisons } };

    // Time-ordered (UUIDv7: 48-bit milliseconds, then 74 random bits): never reused, and new ids land at
    // the end of every index keyed by resident id instead of at random pages, which keeps bulk syncs fast.
    private static string NewResidentId() => "R" + Guid.CreateVersion7().ToString("N");
}
