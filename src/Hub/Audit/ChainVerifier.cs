namespace Hub.Audit;

/// <summary>The outcome of checking a range of the chain.</summary>
public sealed record ChainReport(bool Ok, long EntriesChecked, long FirstBrokenSequence, string Reason, long LastSequence, string LastHash);

/// <summary>Recomputes the chain over a range: every hash must match its content and link to the entry before, without gaps.</summary>
public sealed class ChainVerifier(IAuditStore store)
{
    private const int Chunk = 2000;

    /// <summary>Checks entries <paramref name="from"/> to <paramref name="to"/> (0 = the newest).</summary>
    public async Task<ChainReport> VerifyAsync(long from, long to, CancellationToken cancellationToken)
    {
        from = Math.Max(from, 1);
        if (to == 0)
            to = await store.LastSequenceAsync(cancellationToken);
        long checkedCount = 0, expected = from, lastSequence = 0;
        string? previousHash = null;
        var lastHash = "";
        if (from > 1)
        {
            var before = await store.RangeAsync(from - 1, from - 1, 1, cancellationToken);
            previousHash = before.Count == 1 ? before[0].EntryHash : null;
            if (previousHash is null)
                return new ChainReport(false, 0, from - 1, $"entry {from - 1} is missing", 0, "");
        }
        else
        {
            previousHash = AuditHash.Genesis;
        }
        while (expected <= to)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = await store.RangeAsync(expected, to, Chunk, cancellationToken);
            if (rows.Count == 0)
                return new ChainReport(false, checkedCount, expected, $"entry {expected} is missing", lastSequence, lastHash);
            foreach (var row in rows)
            {
                if (row.Sequence != expected)
                    return new ChainReport(false, checkedCount, expected, $"entry {expected} is missing", lastSequence, lastHash);
                if (row.PreviousHash != previousHash)
                    return new ChainReport(false, checkedCount, row.Sequence,
                        row.Sequence == 1 ? "previous_hash of the first entry is not the genesis value" : $"previous_hash does not match entry {row.Sequence - 1}",
                        lastSequence, lastHash);
                if (AuditHash.Compute(row) != row.EntryHash)
                    return new ChainReport(false, checkedCount, row.Sequence, "entry_hash does not match content", lastSequence, lastHash);
                checkedCount++;
                expected++;
                previousHash = row.EntryHash;
                lastSequence = row.Sequence;
                lastHash = row.EntryHash;
            }
        }
        return new ChainReport(true, checkedCount, 0, "", lastSequence, lastHash);
    }
}
