using Hub.Contracts.V1;

namespace Hub.Identity;

/// <summary>
/// Records whose identity step did not happen: ingest stores a batch first and links it second, so a link that
/// fails to commit, or a push stream cancelled between the two commits, leaves records stored (and acknowledged as
/// duplicates when the adapter sends them again) without a link. The engine remembers them and
/// <see cref="RelinkAsync"/> settles them while the hub runs; a hub that stops first settles them when it starts.
/// </summary>
public sealed partial class IdentityEngine
{
    private readonly Lock _unsettledLock = new();
    private HashSet<(string Department, string LocalId)> _unsettled = [];

    /// <summary>Records remembered for <see cref="RelinkAsync"/>.</summary>
    public int Unsettled
    {
        get
        {
            lock (_unsettledLock)
                return _unsettled.Count;
        }
    }

    private void RememberUnsettled(IEnumerable<(string Department, string LocalId)> sources)
    {
        lock (_unsettledLock)
            _unsettled.UnionWith(sources);
    }

    /// <summary>
    /// Links the remembered records that are stored and still have no link (from their latest stored version),
    /// and removes the links of those deleted at their source since. Records settled meanwhile (sent again
    /// and linked, or linked by an admin) are skipped. Returns how many records it linked or unlinked; those it
    /// could not settle are remembered again.
    /// </summary>
    public async Task<int> RelinkAsync(CancellationToken cancellationToken)
    {
        HashSet<(string Department, string LocalId)> sources;
        lock (_unsettledLock)
        {
            if (_unsettled.Count == 0)
                return 0;
            (sources, _unsettled) = (_unsettled, []);
        }
        try
        {
            var found = await store.UnsettledRecordsAsync(sources, cancellationToken);
            if (found.Unlinked.Count > 0)
            {
                logger.LogInformation("Linking {Count} stored record(s) whose identity step had failed", found.Unlinked.Count);
                await LinkStoredAsync(found.Unlinked, cancellationToken);
            }
            if (found.DeletedLinked.Count > 0)
            {
                logger.LogInformation("Removing the links of {Count} record(s) deleted at their source whose removal had failed", found.DeletedLinked.Count);
                await ForgetStoredDeletionsAsync(found.DeletedLinked, cancellationToken);
            }
            return found.Unlinked.Count + found.DeletedLinked.Count;
        }
        catch
        {
            RememberUnsettled(sources);
            throw;
        }
    }

    // The identity step of records ingest stored, carried out by the hub itself (at start, or after a failure).
    private Task<IReadOnlyList<IngestedIdentity>> LinkStoredAsync(IReadOnlyList<(string Department, string LocalId, byte[] Payload)> stored,
        CancellationToken cancellationToken) =>
        IngestAsync(stored.Select(u => (u.Department, u.LocalId, IngestRecord.Parser.ParseFrom(u.Payload).Person)).ToList(), "hub", cancellationToken);

    private Task<IReadOnlyList<ForgottenRecord>> ForgetStoredDeletionsAsync(IReadOnlyList<(string Department, string LocalId)> deleted,
        CancellationToken cancellationToken) =>
        ForgetDeletedAsync(deleted, "hub", "deleted at its source", cancellationToken);
}
