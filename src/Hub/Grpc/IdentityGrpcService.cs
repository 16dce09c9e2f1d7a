using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Identity;

namespace Hub.Grpc;

/// <summary>IdentityService: explainable matching, links, merges and splits, and the review queue.</summary>
public sealed class IdentityGrpcService(IdentityEngine engine, IdentityLookup lookup, IIdentityStore store, Hub.Ingest.IIngestStore records,
    TimeProvider time)
    : IdentityService.IdentityServiceBase
{
    /// <inheritdoc />
    public override async Task<ResolveResponse> Resolve(ResolveRequest request, ServerCallContext context)
    {
        var record = request.Record;
        var checks = new RequestChecks()
            .Check(record is null, "record", "is required")
            .Check(request.MaxCandidates is < 0 or > 50, "max_candidates", "must be between 0 and 50");
        if (record is not null)
            PersonChecks.Check(record, "record", DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), checks);
        checks.ThrowIfInvalid();

        var r = await engine.ResolveAsync(record!, request.MaxCandidates == 0 ? 5 : request.MaxCandidates, context.CancellationToken);
        return new ResolveResponse
        {
            Decision = r.Decision,
            ResidentId = r.ResidentId ?? "",
            Score = r.Score,
            Comparisons = { r.Comparisons },
            Deterministic = r.Deterministic,
            LinkThreshold = engine.Rules.LinkThreshold,
            ReviewThreshold = engine.Rules.ReviewThreshold,
            Candidates = { r.Candidates.Select(IdentityEngine.ToCandidate) },
        };
    }

    /// <inheritdoc />
    public override async Task<GetLinksResponse> GetLinks(GetLinksRequest request, ServerCallContext context)
    {
        new RequestChecks().Required("resident_id", request.ResidentId, 64).ThrowIfInvalid();
        var response = await lookup.LinksAsync(request.ResidentId, context.CancellationToken);
        if (response is null)
            RpcErrors.NotFound($"no resident {request.ResidentId}");
        if (request.IncludeHistory)
        {
            foreach (var id in response.AliasIds.Prepend(response.ResidentId))
                response.History.AddRange((await store.EventsOfAsync(id, context.CancellationToken)).Select(ToMessage));
            var ordered = response.History.DistinctBy(e => e.Sequence).OrderBy(e => e.Sequence).ToList();
            response.History.Clear();
            response.History.AddRange(ordered);
        }
        return response;
    }

    /// <inheritdoc />
    public override Task<LinkResponse> Link(LinkRequest request, ServerCallContext context) =>
        Idempotent(context, request.RequestId, LinkResponse.Parser, async () =>
        {
            SourceChecks(request.SourceRef, "source_ref").Required("resident_id", request.ResidentId, 64).MaxLength("reason", request.Reason, 500)
                .ThrowIfInvalid();
            var ((link, previous), sequence) = await engine.LinkAsync(request.SourceRef.Department, request.SourceRef.LocalId, request.ResidentId,
                CallerIdentity.Of(context), request.Reason, context.CancellationToken);
            return new LinkResponse { Link = IdentityLookup.ToMessage(link), PreviousResidentId = previous, EventSequence = sequence };
        });

    /// <inheritdoc />
    public override Task<UnlinkResponse> Unlink(UnlinkRequest request, ServerCallContext context) =>
        Idempotent(context, request.RequestId, UnlinkResponse.Parser, async () =>
        {
            SourceChecks(request.SourceRef, "source_ref").MaxLength("reason", request.Reason, 500).ThrowIfInvalid();
            var ((previous, fresh), sequence) = await engine.UnlinkAsync(request.SourceRef.Department, request.SourceRef.LocalId,
                CallerIdentity.Of(context), request.Reason, context.CancellationToken);
            return new UnlinkResponse { PreviousResidentId = previous, NewResidentId = fresh, EventSequence = sequence };
        });

    /// <inheritdoc />
    public override Task<MergeResponse> Merge(MergeRequest request, ServerCallContext context) =>
        Idempotent(context, request.RequestId, MergeResponse.Parser, async () =>
        {
            new RequestChecks().Required("survivor_resident_id", request.SurvivorResidentId, 64)
                .Required("merged_resident_id", request.MergedResidentId, 64)
                .Check(request.SurvivorResidentId == request.MergedResidentId && request.SurvivorResidentId.Length > 0, "merged_resident_id",
                    "must differ from survivor_resident_id")
                .MaxLength("reason", request.Reason, 500).ThrowIfInvalid();
            var (survivor, sequence) = await engine.MergeAsync(request.SurvivorResidentId, request.MergedResidentId, CallerIdentity.Of(context),
                request.Reason, context.CancellationToken);
            var links = await lookup.LinksAsync(survivor, context.CancellationToken);
            return new MergeResponse { ResidentId = survivor, Links = { links!.Links }, AliasIds = { links.AliasIds }, EventSequence = sequence };
        });

    /// <inheritdoc />
    public override Task<SplitResponse> Split(SplitRequest request, ServerCallContext context) =>
        Idempotent(context, request.RequestId, SplitResponse.Parser, async () =>
        {
            var checks = new RequestChecks().Required("resident_id", request.ResidentId, 64)
                .Check(request.SourceRefs.Count == 0, "source_refs", "list at least one record to move").MaxLength("reason", request.Reason, 500);
            for (var i = 0; i < request.SourceRefs.Count; i++)
                SourceChecks(request.SourceRefs[i], $"source_refs[{i}]", checks);
            checks.ThrowIfInvalid();
            var (fresh, sequence) = await engine.SplitAsync(request.ResidentId, request.SourceRefs.Select(s => (s.Department, s.LocalId)).ToList(),
                CallerIdentity.Of(context), request.Reason, context.CancellationToken);
            var moved = await lookup.LinksAsync(fresh, context.CancellationToken);
            var remaining = await lookup.LinksAsync(request.ResidentId, context.CancellationToken);
            return new SplitResponse { NewResidentId = fresh, NewLinks = { moved!.Links }, RemainingLinks = { remaining!.Links }, EventSequence = sequence };
        });

    /// <inheritdoc />
    public override async Task<ListReviewItemsResponse> ListReviewItems(ListReviewItemsRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Department("department", request.Department, optional: true);
        var size = PageToken.Size(request.PageSize, checks);
        var filter = $"reviews|{(int)request.State}|{request.Department}";
        var offset = PageToken.Offset(request.PageToken, filter, checks);
        checks.ThrowIfInvalid();
        var rows = await store.ListReviewsAsync(request.State, request.Department.Length == 0 ? null : request.Department, offset, size,
            context.CancellationToken);
        var response = new ListReviewItemsResponse { NextPageToken = PageToken.Next(offset, size, rows.Count, filter) };
        foreach (var row in rows)
        {
            var item = row.Item.Clone();
            foreach (var candidate in item.Candidates)
                candidate.Records.AddRange(await RecordsOfAsync(candidate.ResidentId, context.CancellationToken));
            response.ReviewItems.Add(item);
        }
        return response;
    }

    /// <inheritdoc />
    public override Task<DecideReviewResponse> DecideReview(DecideReviewRequest request, ServerCallContext context) =>
        Idempotent(context, request.RequestId, DecideReviewResponse.Parser, async () =>
        {
            new RequestChecks().Required("review_id", request.ReviewId, 64)
                .Check(request.Outcome == ReviewOutcome.Unspecified, "outcome", "choose REVIEW_OUTCOME_LINK or REVIEW_OUTCOME_NEW")
                .Check(request.Outcome == ReviewOutcome.Link && request.ResidentId.Length == 0, "resident_id", "is required with REVIEW_OUTCOME_LINK")
                .MaxLength("note", request.Note, 2000).ThrowIfInvalid();
            var ((item, link), sequence) = await engine.DecideReviewAsync(request.ReviewId, request.Outcome,
                request.ResidentId.Length == 0 ? null : request.ResidentId, request.Note, CallerIdentity.Of(context), context.CancellationToken);
            return new DecideReviewResponse { ReviewItem = item, Link = IdentityLookup.ToMessage(link), EventSequence = sequence };
        });

    // The records a candidate resident holds today (following a merge), for the reviewer's side-by-side view.
    private async Task<IEnumerable<PersonRecord>> RecordsOfAsync(string residentId, CancellationToken cancellationToken)
    {
        var links = await lookup.LinksAsync(residentId, cancellationToken);
        var found = new List<PersonRecord>();
        foreach (var link in links?.Links ?? [])
        {
            var row = await records.GetSourceRecordAsync(link.SourceRef.Department, link.SourceRef.LocalId, cancellationToken);
            if (row is null)
                continue;
            var person = IngestRecord.Parser.ParseFrom(row.Payload).Person;
            if (person is null)
                continue;
            person.SourceRef = link.SourceRef;
            found.Add(person);
        }
        return found;
    }

    // A retried call with the same request id gets the first call's response and changes nothing.
    private async Task<T> Idempotent<T>(ServerCallContext context, string requestId, MessageParser<T> parser, Func<Task<T>> call)
        where T : IMessage<T>
    {
        new RequestChecks().MaxLength("request_id", requestId, 128).ThrowIfInvalid();
        var caller = CallerIdentity.Of(context);
        if (requestId.Length > 0 && await store.GetResponseAsync(caller, requestId, context.CancellationToken) is { } earlier)
            return parser.ParseFrom(earlier);
        T response;
        try
        {
            response = await call();
        }
        catch (IdentityRuleException ex)
        {
            throw new RpcException(new Status(ex.Kind == IdentityRuleKind.NotFound ? StatusCode.NotFound : StatusCode.FailedPrecondition, ex.Message));
        }
        if (requestId.Length > 0)
        {
            var remember = new IdentityChangeSet { Request = (caller, requestId, response.ToByteArray()) };
            await store.ApplyAsync(remember, time.GetUtcNow(), context.CancellationToken);
        }
        return response;
    }

    private static RequestChecks SourceChecks(SourceRef? source, string field, RequestChecks? checks = null)
    {
        checks ??= new RequestChecks();
        return source is null
            ? checks.Check(true, field, "is required")
            : checks.Department($"{field}.department", source.Department).Required($"{field}.local_id", source.LocalId, 128);
    }

    private static IdentityEvent ToMessage(EventRow e) => new()
    {
        Sequence = e.Sequence, Type = e.Type, ResidentId = e.ResidentId, OtherResidentId = e.OtherResidentId,
        SourceRefs = { e.Sources.Select(s => new SourceRef { Department = s.Department, LocalId = s.LocalId }) },
        Actor = e.Actor, Reason = e.Reason, EventTime = Timestamp.FromDateTimeOffset(e.Time),
    };
}
