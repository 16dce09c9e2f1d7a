using Hub.Addresses.Registry;
using Hub.Dictionaries;

namespace Hub.Ingest;

/// <summary>How one pushed record was committed.</summary>
public enum IngestOutcome
{
    /// <summary>Translated and stored as the department's current record (or, for a tombstone, marked gone).</summary>
    Accepted,

    /// <summary>Kept untranslated until its mapping arrives.</summary>
    Quarantined,

    /// <summary>Kept as refused; never applied.</summary>
    Rejected,
}

/// <summary>One record to commit, with the adapter's checkpoint moving to its sequence in the same transaction.</summary>
public sealed record IngestCommit(
    string AdapterId, string Department, string LocalId, long Sequence, string ChangeToken, int Kind,
    IngestOutcome Outcome, bool Tombstone, byte[] Payload, string Reason, IReadOnlyList<UnmappedValue> Unmapped);

/// <summary>An adapter's committed position.</summary>
public sealed record IngestCheckpoint(long Sequence, string ChangeToken);

/// <summary>A record held in quarantine.</summary>
public sealed record QuarantinedRecord(long Id, string AdapterId, string Department, string LocalId, long Sequence, byte[] Payload, string Reason);

/// <summary>The hub's current copy of one department record.</summary>
public sealed record SourceRecordRow(string Department, string LocalId, int Kind, byte[] Payload, bool Deleted, long Sequence);

/// <summary>Keeps pushed records, checkpoints and the quarantine.</summary>
public interface IIngestStore
{
    /// <summary>The adapter's last committed record, or null when it never pushed.</summary>
    Task<IngestCheckpoint?> GetCheckpointAsync(string adapterId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits records in order, in one transaction: each goes to the source records, the quarantine
    /// (counting its unmapped codes) or the rejections; a newer record of the same source supersedes
    /// any still-waiting quarantined one; the checkpoint moves to the last sequence. The standard
    /// addresses the records refer to enter the address registry in the same transaction.
    /// </summary>
    Task CommitAsync(IReadOnlyList<IngestCommit> commits, IReadOnlyList<StandardAddress> addresses, DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>Waiting quarantined records, oldest first, after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<QuarantinedRecord>> ListWaitingAsync(long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Moves a waiting record to the source records with its translated payload; false when it is no longer waiting.</summary>
    Task<bool> ReleaseAsync(QuarantinedRecord record, int kind, byte[] translatedPayload, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Updates a still-waiting record's reason and the codes it waits on after a replay that was not enough.</summary>
    Task UpdateWaitingAsync(QuarantinedRecord record, string reason, IReadOnlyList<UnmappedValue> unmapped, CancellationToken cancellationToken);

    /// <summary>The hub's current copy of a department record.</summary>
    Task<SourceRecordRow?> GetSourceRecordAsync(string department, string localId, CancellationToken cancellationToken);

    /// <summary>Records waiting in quarantine, for one adapter or (null) all.</summary>
    Task<long> CountWaitingAsync(string? adapterId, CancellationToken cancellationToken);
}
