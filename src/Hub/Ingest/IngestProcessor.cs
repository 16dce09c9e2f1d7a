using System.Runtime.CompilerServices;
using Google.Protobuf;
using Hub.Contracts.V1;
using Hub.Dictionaries;
using Hub.Identity;

namespace Hub.Ingest;

/// <summary>The ack of one pushed record, with the resident it was linked to when it is a person.</summary>
public sealed record IngestAck(long Sequence, IngestStatus Status, string Reason, string ResidentId = "", Decision Decision = Decision.Unspecified,
    string ReviewId = "");

/// <summary>A batch committed to the ingest store and not linked yet (see <see cref="IngestProcessor.StoreAsync"/>).</summary>
public sealed class StoredBatch(
    string adapterId, string department, IReadOnlyList<IngestRecord> records, IngestAck?[] acks,
    IReadOnlyList<(int Index, int Commit, IngestRecord Record)> accepted, IReadOnlyList<int> tombstones)
{
    internal string AdapterId { get; } = adapterId;
    internal string Department { get; } = department;
    internal IReadOnlyList<IngestRecord> Records { get; } = records;
    // Every ack but those of the accepted people, known once stored; theirs are filled when linked. A batch waits for its
    // identity commit holding these and not the commits with their payloads (thousands of records per stream are in
    // flight, and what they hold survives collections).
    internal IngestAck?[] Acks { get; } = acks;
    internal IReadOnlyList<(int Index, int Commit, IngestRecord Record)> Accepted { get; } = accepted;
    internal IReadOnlyList<int> Tombstones { get; } = tombstones;
}

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
    public async Task<IngestAck> ProcessAsync(string adapterId, string department, IngestRecord record, StrongBox<long> checkpoint,
        CancellationToken cancellationToken) =>
        (await ProcessBatchAsync(adapterId, department, [record], checkpoint, cancellationToken))[0];

    /// <summary>
    /// Processes records of one adapter in sequence order and commits all of them in one transaction,
    /// then links the accepted person records in one identity batch (and removes the links of deleted records). Returns one ack per record, in
    /// order; <paramref name="checkpoint"/> moves to the last committed sequence. Grouping is what
    /// makes a fast initial sync possible: a commit costs a disk flush whatever its size.
    /// </summary>
    public async Task<IReadOnlyList<IngestAck>> ProcessBatchAsync(string adapterId, string department, IReadOnlyList<IngestRecord> records,
        StrongBox<long> checkpoint, CancellationToken cancellationToken) =>
        await LinkAsync(await StoreAsync(adapterId, department, records, checkpoint, cancellationToken), cancellationToken);

    /// <summary>
    /// The first half of <see cref="ProcessBatchAsync"/>: translates the records and commits them (and the checkpoint)
    /// in one transaction. The batch is stored but not linked yet: pass it to <see cref="LinkAsync"/>, in the order
    /// stored, before its acks are sent. A hub stopped in between links stored records when it starts again.
    /// </summary>
    public async Task<StoredBatch> StoreAsync(string adapterId, string department, IReadOnlyList<IngestRecord> records,
        StrongBox<long> checkpoint, CancellationToken cancellationToken)
    {
        var acks = new IngestAck?[records.Count];
        var commits = new List<IngestCommit>(records.Count);
        var translated = new (int Index, int Commit, IngestRecord Record)?[records.Count];
        var tombstones = new List<int>();
        var last = checkpoint.Value;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Sequence <= 0)
                acks[i] = new IngestAck(record.Sequence, IngestStatus.Rejected, "sequence must be a positive, increasing number; the record was not committed");
            else if (record.Sequence <= last)
                acks[i] = new IngestAck(record.Sequence, IngestStatus.Duplicate, $"already committed (checkpoint {last})");
            else
            {
                var (commit, result) = await DecideAsync(adapterId, department, record, cancellationToken);
                commits.Add(commit);
                if (result?.Person is null)
                    acks[i] = new IngestAck(record.Sequence, StatusOf(commit.Outcome), commit.Reason);
                if (result is not null)
                    translated[i] = (i, commits.Count - 1, result);
                else if (commit is { Tombstone: true, Outcome: IngestOutcome.Accepted })
                    tombstones.Add(i);
                last = record.Sequence;
            }
        }
        var accepted = translated.OfType<(int Index, int Commit, IngestRecord Record)>().ToList();
        var now = time.GetUtcNow();
        var registered = addresses.Enrich(accepted.Select(a => (IMessage)a.Record).ToList(), now);
        // The payload is serialised after the addresses were enriched, so the stored record carries them.
        foreach (var (_, commit, record) in accepted)
            commits[commit] = commits[commit] with { Payload = record.ToByteArray() };
        await store.CommitAsync(commits, registered, now, cancellationToken);
        checkpoint.Value = last;
        return new StoredBatch(adapterId, department, records, acks, accepted, tombstones);
    }

    /// <summary>
    /// The second half of <see cref="ProcessBatchAsync"/>: links the stored batch's people (and removes the links of its
    /// deleted records) and returns one ack per record, in order. Batches of one adapter must be linked one at a time,
    /// in the order they were stored.
    /// </summary>
    public async Task<IReadOnlyList<IngestAck>> LinkAsync(StoredBatch batch, CancellationToken cancellationToken)
    {
        var (adapterId, department, records, acks) = (batch.AdapterId, batch.Department, batch.Records, batch.Acks);
        // Stored first, linked second: a hub stopped in between links the records (or removes the links
        // of deleted ones) when it starts again. Identity sees the records in sequence order: a run of
        // people is linked in one batch, a run of tombstones removed in one, so a record deleted and
        // re-created within a batch ends linked, and one created and deleted ends without a link.
        var steps = batch.Accepted.Where(a => a.Record.Person is not null).Select(a => (a.Index, Record: (IngestRecord?)a.Record))
            .Concat(batch.Tombstones.Select(i => (Index: i, Record: (IngestRecord?)null)))
            .OrderBy(s => s.Index).ToList();
        for (var start = 0; start < steps.Count;)
        {
            var end = start + 1;
            var deleting = steps[start].Record is null;
            while (end < steps.Count && (steps[end].Record is null) == deleting)
                end++;
            var run = steps.GetRange(start, end - start);
            start = end;
            if (deleting)
            {
                await identity.ForgetDeletedAsync(run.Select(s => (department, records[s.Index].SourceRef.LocalId)).ToList(), adapterId,
                    "deleted at its source", cancellationToken);
                continue;
            }
            var linked = await identity.IngestAsync(run.Select(s => (department, s.Record!.SourceRef.LocalId, s.Record.Person)).ToList(),
                adapterId, cancellationToken);
            for (var k = 0; k < run.Count; k++)
            {
                var record = run[k].Record!;
                acks[run[k].Index] = new IngestAck(record.Sequence, IngestStatus.Accepted, "", linked[k].ResidentId, linked[k].Decision,
                    linked[k].ReviewId ?? "");
            }
        }
        return acks!;
    }

    private static IngestStatus StatusOf(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Accepted => IngestStatus.Accepted,
        IngestOutcome.Quarantined => IngestStatus.Quarantined,
        _ => IngestStatus.Rejected,
    };

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

        // Translated in place (no copy per record): a record that cannot be translated completely is put back as it came,
        // and stored so for quarantine or refusal.
        var result = translator.TranslateOrRestore(record, department, await mappings.GetSnapshotAsync(cancellationToken));
        if (result.Errors.Count > 0)
            return (Commit(IngestOutcome.Rejected, record.ToByteArray(), result.Reason), null);
        if (result.Unmapped.Count > 0)
            return (Commit(IngestOutcome.Quarantined, record.ToByteArray(), result.Reason, result.Unmapped), null);
        return (Commit(IngestOutcome.Accepted, [], ""), record);
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
