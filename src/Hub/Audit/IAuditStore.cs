namespace Hub.Audit;

/// <summary>Which entries to list.</summary>
/// <param name="ResidentIds">Entries about any of these residents (a resident and its aliases), or null.</param>
/// <param name="Caller">Entries by this caller, or null.</param>
/// <param name="From">Inclusive start time, or null.</param>
/// <param name="Until">Exclusive end time, or null.</param>
/// <param name="BeforeSequence">Only entries older than this sequence (paging), or null.</param>
public sealed record AuditQuery(IReadOnlyList<string>? ResidentIds, string? Caller, DateTimeOffset? From, DateTimeOffset? Until, long? BeforeSequence);

/// <summary>The append-only, hash-chained access log.</summary>
public interface IAuditStore
{
    /// <summary>Appends <paramref name="records"/> in order in one transaction, each chained to the one before; durable on return.</summary>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>Entries matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntryRow>> ListAsync(AuditQuery query, int limit, CancellationToken cancellationToken);

    /// <summary>Entries with sequence in [from, to], oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntryRow>> RangeAsync(long from, long to, int limit, CancellationToken cancellationToken);

    /// <summary>The newest entry's sequence, 0 when the log is empty.</summary>
    Task<long> LastSequenceAsync(CancellationToken cancellationToken);
}
