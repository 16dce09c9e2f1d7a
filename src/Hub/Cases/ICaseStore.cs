using Hub.Contracts.V1;

namespace Hub.Cases;

/// <summary>A case to insert, with its idempotency key and the first event.</summary>
/// <param name="Caller">The submitting system; request ids are unique per caller.</param>
/// <param name="RequestId">The submitter's idempotency key.</param>
/// <param name="ContentHash">Hash of the request without its request id, to tell a retry from a reuse.</param>
/// <param name="Case">The new case.</param>
/// <param name="Events">Its events (SUBMITTED).</param>
/// <param name="NextDue">When the deadline timer should look at it next.</param>
public sealed record NewCase(string Caller, string RequestId, string ContentHash, Case Case, IReadOnlyList<CaseEvent> Events, DateTimeOffset? NextDue);

/// <summary>What an insert found: the new case, or the case an earlier submission with the same key created.</summary>
public sealed record InsertOutcome(Case Case, bool Created, string ContentHash);

/// <summary>A changed case to write when its stored version is still <see cref="ExpectedVersion"/>.</summary>
public sealed record CaseUpdate(Case Case, long ExpectedVersion, IReadOnlyList<CaseEvent> Events, DateTimeOffset? NextDue);

/// <summary>Filters of a case listing; null or empty means any.</summary>
public sealed record CaseQuery(
    IReadOnlyList<CaseState> States, string? Department, string? DivisionPrefix, string? CategoryPrefix, CaseChannel? Channel,
    bool OverdueOnly, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedBefore, string? ResidentId, int Offset, int Limit);

/// <summary>A stored case event with the filter columns the watch stream needs before reading the event itself.</summary>
public sealed record StoredEventHeader(long Sequence, string Departments, string DivisionCode, string CategoryCode);

/// <summary>
/// Keeps cases, their events and the routing rules. Writes commit in order; events get increasing sequence
/// numbers (the watch cursor), and every committed batch is announced to <see cref="Committed"/> in sequence order.
/// </summary>
public interface ICaseStore
{
    /// <summary>Called after each commit with the events it made durable, in sequence order, from one writer at a time.</summary>
    event Action<IReadOnlyList<CaseEvent>>? Committed;

    /// <summary>Inserts a case, unless the caller's request id exists: then the existing case is returned.</summary>
    Task<InsertOutcome> InsertAsync(NewCase newCase, CancellationToken cancellationToken);

    /// <summary>Writes a change; false when the stored version is not the expected one (nothing written).</summary>
    Task<bool> UpdateAsync(CaseUpdate update, CancellationToken cancellationToken);

    /// <summary>One case, or null.</summary>
    Task<Case?> GetAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Cases matching the query, newest first.</summary>
    Task<IReadOnlyList<Case>> ListAsync(CaseQuery query, CancellationToken cancellationToken);

    /// <summary>Ids of open cases whose next timer moment is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The sequence number of the newest committed event; 0 when there is none.</summary>
    Task<long> LastSequenceAsync(CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, in order, those passing <paramref name="filter"/> read in full.</summary>
    Task<(IReadOnlyList<CaseEvent> Events, long LastScanned)> ReadEventsAsync(long after, int limit, Func<StoredEventHeader, bool> filter,
        CancellationToken cancellationToken);

    /// <summary>All routing rules, ordered by category code then division code.</summary>
    Task<IReadOnlyList<RoutingRule>> ListRulesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates (<paramref name="expectedVersion"/> ignored, empty rule id) or replaces a rule. The outcome says
    /// what stood in the way, if anything.
    /// </summary>
    Task<(RuleWrite Outcome, RoutingRule? Stored)> PutRuleAsync(RoutingRule rule, long expectedVersion, CancellationToken cancellationToken);
}

/// <summary>How a routing-rule write went.</summary>
public enum RuleWrite
{
    /// <summary>Written.</summary>
    Written,
    /// <summary>The rule id names no rule.</summary>
    NotFound,
    /// <summary>The stored version is not the expected one.</summary>
    VersionConflict,
    /// <summary>Another rule has the same category and division.</summary>
    Duplicate,
}
