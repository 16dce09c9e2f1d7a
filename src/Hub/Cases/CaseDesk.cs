using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hub.Addresses;
using Hub.Addresses.Registry;
using Hub.Contracts.V1;
using Hub.Dictionaries;

namespace Hub.Cases;

/// <summary>
/// The case desk: takes cases in, moves them through their life cycle, and keeps the routing rules. Input is
/// checked for shape by the caller (the gRPC service); the desk checks what needs the data.
/// </summary>
public sealed class CaseDesk(
    ICaseStore store, RoutingTable routing, CaseClock clock, PartyResolver parties, AddressParser parser,
    DictionaryCatalog dictionaries, TimeProvider time)
{
    /// <summary>Attempts at a timer update that lost a race with a caller before leaving it to the next tick.</summary>
    private const int TimerAttempts = 3;

    /// <summary>Submits a case; a retry with the same request id and content returns the first case.</summary>
    public async Task<(Case Case, bool Created)> SubmitAsync(SubmitCaseRequest request, string caller, CancellationToken cancellationToken)
    {
        var hash = ContentHash(request);
        var now = time.GetUtcNow();
        var c = new Case
        {
            CaseId = "C" + Guid.CreateVersion7(now).ToString("N"),
            RequestId = request.RequestId,
            State = CaseState.Reported,
            Version = 1,
            Channel = request.Channel,
            Category = Category(request.CategoryCode),
            Description = request.Description,
            Location = new CaseLocation { AddressText = request.Location.AddressText, Point = request.Location.Point },
            Reporter = request.Reporter,
            OccurTime = request.OccurTime ?? Timestamp.FromDateTimeOffset(now),
            CreateTime = Timestamp.FromDateTimeOffset(now),
            UpdateTime = Timestamp.FromDateTimeOffset(now),
        };
        if (request.Location.AddressText.Length > 0)
        {
            var parsed = parser.Parse(request.Location.AddressText);
            var id = StandardAddress.Qualifies(parsed) ? StandardAddress.IdFor(parsed.NormalizedKey) : "";
            c.Location.Address = AddressMessages.Fill(new Address { RawText = request.Location.AddressText }, parsed, id);
            c.DivisionCode = parsed.DivisionCode;
        }
        c.Parties.AddRange(await parties.ResolveAsync(request.Parties, cancellationToken));
        if (c.Reporter?.Resident is { } reporterRef)
            c.Reporter.Resident = await parties.ResolveReferenceAsync(reporterRef, "reporter.resident", cancellationToken);
        c.StageDeadline = clock.Deadline(c, CaseState.Reported, now);
        var submitted = new CaseEvent
        {
            CaseId = c.CaseId,
            Type = CaseEventType.Submitted,
            ToState = CaseState.Reported,
            Actor = caller,
            Note = $"submitted by {request.Channel}",
            EventTime = Timestamp.FromDateTimeOffset(now),
            CaseVersion = 1,
            Snapshot = c,
        };
        var outcome = await store.InsertAsync(
            new NewCase(caller, request.RequestId, hash, c, [submitted], clock.NextDue(c, now)), cancellationToken);
        if (!outcome.Created && outcome.ContentHash != hash)
            throw new CaseException(CaseErrorKind.AlreadyExists,
                $"request_id {request.RequestId} was used for case {outcome.Case.CaseId} with different content; use a new request_id for a new case");
        return (outcome.Case, outcome.Created);
    }

    /// <summary>One case, or NOT_FOUND.</summary>
    public async Task<Case> GetAsync(string caseId, CancellationToken cancellationToken) =>
        await store.GetAsync(caseId, cancellationToken)
        ?? throw new CaseException(CaseErrorKind.NotFound, $"no case has id {caseId}");

    /// <summary>Cases matching a query, newest first.</summary>
    public Task<IReadOnlyList<Case>> ListAsync(CaseQuery query, CancellationToken cancellationToken) => store.ListAsync(query, cancellationToken);

    /// <summary>Moves a case or a task when the case is still at the expected version.</summary>
    public async Task<Case> TransitionAsync(TransitionCommand cmd, CancellationToken cancellationToken)
    {
        var current = await GetAsync(cmd.CaseId, cancellationToken);
        if (current.Version != cmd.ExpectedVersion)
            throw Conflict(current.CaseId, current.Version, cmd.ExpectedVersion);
        if (cmd.Target == CaseState.Merged && cmd.TaskId.Length == 0 && cmd.MergedIntoCaseId != cmd.CaseId
            && await store.GetAsync(cmd.MergedIntoCaseId, cancellationToken) is null)
            throw new CaseException(CaseErrorKind.InvalidArgument, $"names no case ({cmd.MergedIntoCaseId})", "merged_into_case_id");

        var now = time.GetUtcNow();
        var editor = new CaseEditor(current, now, clock, cmd.Actor, cmd.ActorDepartment, cmd.Note);
        if (cmd.TaskId.Length > 0)
            CaseTransitions.MoveTask(editor, cmd);
        else
            CaseTransitions.MoveCase(editor, cmd, routing);
        var changed = editor.Case;
        if (!await store.UpdateAsync(new CaseUpdate(changed, cmd.ExpectedVersion, editor.Events, clock.NextDue(changed, now)), cancellationToken))
        {
            var latest = await store.GetAsync(cmd.CaseId, cancellationToken);
            throw Conflict(cmd.CaseId, latest?.Version ?? 0, cmd.ExpectedVersion);
        }
        return changed;
    }

    /// <summary>
    /// Brings a case's overdue and supervised flags up to date and escalates it by rule. Called by the deadline
    /// timer; returns true when it changed the case.
    /// </summary>
    public async Task<bool> ApplyTimersAsync(string caseId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < TimerAttempts; attempt++)
        {
            var current = await store.GetAsync(caseId, cancellationToken);
            if (current is null)
                return false;
            var now = time.GetUtcNow();
            var editor = new CaseEditor(current, now, clock, "hub", "", "");
            var before = Flags(current);
            var escalate = clock.ApplyFlags(editor.Case, now);
            var after = Flags(editor.Case);
            if (before != after)
                editor.FlagsChanged(editor.Case.Overdue ? (editor.Case.Supervised ? "overdue; supervised" : "overdue") : "no longer overdue");
            if (escalate)
                editor.MoveCase(CaseState.Escalated, "overdue: escalated by rule (Hub:Cases:EscalateAfterOverdueHours)");
            var changed = editor.Case;
            // Nothing to say, but the due time moves on: write it without an event.
            if (await store.UpdateAsync(new CaseUpdate(changed, current.Version, editor.Events, clock.NextDue(changed, now)), cancellationToken))
                return editor.Events.Count > 0;
        }
        return false;
    }

    /// <summary>Routing rules, in category then division order.</summary>
    public Task<IReadOnlyList<RoutingRule>> ListRulesAsync(CancellationToken cancellationToken) => store.ListRulesAsync(cancellationToken);

    /// <summary>Creates (empty rule id) or replaces a routing rule; the table in memory follows.</summary>
    public async Task<RoutingRule> PutRuleAsync(RoutingRule rule, long expectedVersion, string caller, CancellationToken cancellationToken)
    {
        var create = rule.RuleId.Length == 0;
        var toStore = rule.Clone();
        if (create)
            toStore.RuleId = "RR" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        toStore.UpdatedBy = caller;
        toStore.UpdateTime = Timestamp.FromDateTimeOffset(time.GetUtcNow());
        var (outcome, stored) = await store.PutRuleAsync(toStore, create ? 0 : expectedVersion, cancellationToken);
        switch (outcome)
        {
            case RuleWrite.NotFound:
                throw new CaseException(CaseErrorKind.NotFound, $"no routing rule has id {rule.RuleId}");
            case RuleWrite.VersionConflict:
                throw new CaseException(CaseErrorKind.VersionConflict,
                    $"routing rule {rule.RuleId} is not at version {expectedVersion}: re-read it with ListRoutingRules and retry");
            case RuleWrite.Duplicate:
                throw new CaseException(CaseErrorKind.AlreadyExists,
                    $"another routing rule already covers category '{rule.CategoryCode}' in division '{rule.DivisionCode}': replace that one");
        }
        routing.Set(await store.ListRulesAsync(cancellationToken));
        return stored!;
    }

    /// <summary>Loads the routing rules into memory (at start).</summary>
    public async Task LoadRulesAsync(CancellationToken cancellationToken) => routing.Set(await store.ListRulesAsync(cancellationToken));

    private CodedValue Category(string code)
    {
        dictionaries.TryGet(DictionaryCatalog.CaseCategory, out var dictionary);
        dictionary.TryGet(code, out var entry);
        return new CodedValue { Dictionary = DictionaryCatalog.CaseCategory, Code = code, Label = entry?.Label ?? "" };
    }

    private static string ContentHash(SubmitCaseRequest request)
    {
        var content = request.Clone();
        content.RequestId = "";
        return Convert.ToHexString(SHA256.HashData(content.ToByteArray()));
    }

    private static CaseException Conflict(string caseId, long current, long expected) =>
        new(CaseErrorKind.VersionConflict, $"case {caseId} is at version {current}, not {expected}: re-read it and retry");

    private static string Flags(Case c) =>
        $"{c.Overdue}|{c.Supervised}|{string.Join(',', c.Tasks.Select(t => t.Overdue))}";
}
