using Google.Protobuf;
using Hub.Contracts.V1;
using Hub.Dictionaries;
using Hub.Identity;

namespace Hub.Ingest;

/// <summary>The ack of one pushed record, with the resident it was linked to when it is a person.</summary>
public sealed record IngestAck(long Sequence, IngestStatus Status, string Reason, string ResidentId = "", Decision Decision = Decision.Unspecified,
    string ReviewId = "");

/// <summary>
/// Takes pushed records of one adapter in sequence order: drops what was committed before,
/// translates coded values, and commits each record as accepted, quarantined or rejected
/// before it is acked. An ack therefore always means committed.
/// </summary>
public sealed class IngestProcessor(
    IIngestStore store, MappingService mappings, CodeTranslator translator, AddressEnricher addresses, IdentityEngine identity, TimeProvider time)
{
    /// <summary>Longest local id accepted.</summary>
    public const int MaxLocalId = 128;

    /// <summary>Longest change token accepted.</summary>
    public const int MaxChangeToken = 256;

    /// <summary>Processes and commits one record; <paramref name="checkpoint"/> is the adapter's committed sequence and moves with it.</summary>
    public async Task<IngestAck> ProcessAsync(string adapterId, string department, IngestRecord record, System.Runtime.CompilerServices.StrongBox<long> checkpoint,
        CancellationToken cancellationToken)
    {
        if (record.Sequence <= 0)
            return new IngestAck(record.Sequence, IngestStatus.Rejected, "sequence must be a positive, increasing number; the record was not committed");
        if (record.Sequence <= checkpoint.Value)
            return new IngestAck(record.Sequence, IngestStatus.Duplicate, $"already committed (checkpoint {checkpoint.Value})");

        var (commit, translated) = await DecideAsync(adapterId, department, record, cancellationToken);
        await store.CommitAsync([commit], time.GetUtcNow(), cancellationToken);
        checkpoint.Value = record.Sequence;
        if (commit.Outcome == IngestOutcome.Accepted && translated?.Person is { } person)
        {
            // Stored first, linked second: a hub stopped in between links the record when it starts again.
            var linked = (await identity.IngestAsync([(department, commit.LocalId, person)], adapterId, cancellationToken))[0];
            return new IngestAck(record.Sequence, IngestStatus.Accepted, "", linked.ResidentId, linked.Decision, linked.ReviewId ?? "");
        }
        var status = commit.Outcome switch
        {
            IngestOutcome.Accepted => IngestStatus.Accepted,
            IngestOutcome.Quarantined => IngestStatus.Quarantined,
            _ => IngestStatus.Rejected,
        };
        return new IngestAck(record.Sequence, status, commit.Reason);
    }

    private async Task<(IngestCommit Commit, IngestRecord? Translated)> DecideAsync(string adapterId, string department, IngestRecord record, CancellationToken cancellationToken)
    {
        var localId = record.SourceRef?.LocalId ?? "";
        IngestCommit Commit(IngestOutcome outcome, byte[] payload, string reason, IReadOnlyList<UnmappedValue>? unmapped = null) =>
            new(adapterId, department, localId, record.Sequence, Truncate(record.ChangeToken, MaxChangeToken), (int)record.Kind, outcome,
                record.Kind == RecordKind.Tombstone, payload, reason, unmapped ?? []);

        var problem = Check(department, record);
        if (problem is not null)
            return (Commit(IngestOutcome.Rejected, record.ToByteArray(), problem), null);
        if (record.Kind == RecordKind.Tombstone)
            return (Commit(IngestOutcome.Accepted, [], ""), null);

        var translated = record.Clone();
        var result = translator.Translate(translated, department, await mappings.GetSnapshotAsync(cancellationToken));
        if (result.Errors.Count > 0)
            return (Commit(IngestOutcome.Rejected, record.ToByteArray(), result.Reason), null);
        if (result.Unmapped.Count > 0)
            return (Commit(IngestOutcome.Quarantined, record.ToByteArray(), result.Reason, result.Unmapped), null);
        await addresses.EnrichAsync(translated, cancellationToken);
        return (Commit(IngestOutcome.Accepted, translated.ToByteArray(), ""), translated);
    }

    // Problems that no mapping can fix: the record is refused for good.
    private static string? Check(string department, IngestRecord record)
    {
        if (record.SourceRef is null || record.SourceRef.LocalId.Length == 0)
            return "source_ref.local_id is required";
        if (record.SourceRef.LocalId.Length > MaxLocalId)
            return $"source_ref.local_id is longer than {MaxLocalId} characters";
        if (record.SourceRef.Department != department)
            return $"source_ref.department '{record.SourceRef.Department}' is not this adapter's department '{department}'";
        if (record.ChangeToken.Length > MaxChangeToken)
            return $"change_token is longer than {MaxChangeToken} characters";
        var expected = record.Kind switch
        {
            RecordKind.Resident => IngestRecord.PayloadOneofCase.Person,
            RecordKind.Address => IngestRecord.PayloadOneofCase.Address,
            RecordKind.CaseUpdate => IngestRecord.PayloadOneofCase.CaseUpdate,
            RecordKind.Tombstone => IngestRecord.PayloadOneofCase.None,
            _ => (IngestRecord.PayloadOneofCase?)null,
        };
        if (expected is null)
            return "kind is required (RECORD_KIND_RESIDENT, _ADDRESS, _CASE_UPDATE or _TOMBSTONE)";
        return record.PayloadCase == expected ? null : $"kind {record.Kind} needs payload {expected}, found {record.PayloadCase}";
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
