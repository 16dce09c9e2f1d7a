using System.Diagnostics;
using Hub.Contracts.V1;
using Hub.Identity;

namespace Hub.IdentityBench;

/// <summary>Measures how much of the resolution time the store's commits take.</summary>
public sealed class TimedIdentityStore(IIdentityStore inner) : IIdentityStore
{
    public Stopwatch Commits { get; } = new();

    /// <summary>CPU time the commits burnt (Microsoft.Data.Sqlite runs them synchronously on the calling thread).</summary>
    public TimeSpan CommitCpu { get; private set; }

    /// <summary>Transactions written, and the links in them: group commit folds queued change sets into one.</summary>
    public int Transactions { get; private set; }

    /// <summary>Links written in all transactions.</summary>
    public long Links { get; private set; }

    public async Task<IReadOnlyList<long>> ApplyAsync(IdentityChangeSet changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Commits.Start();
        var cpu = ThreadCpu.Now();
        try { return await inner.ApplyAsync(changes, now, cancellationToken); }
        finally
        {
            CommitCpu += ThreadCpu.Now() - cpu;
            Transactions++;
            Links += changes.Links.Count;
            Commits.Stop();
        }
    }

    public Task<LinkRow?> GetLinkAsync(string department, string localId, CancellationToken cancellationToken) => inner.GetLinkAsync(department, localId, cancellationToken);
    public Task<IReadOnlyList<LinkRow>> LinksOfAsync(string residentId, CancellationToken cancellationToken) => inner.LinksOfAsync(residentId, cancellationToken);
    public Task<string?> ResidentOfIdNumberAsync(string idNumber, CancellationToken cancellationToken) => inner.ResidentOfIdNumberAsync(idNumber, cancellationToken);
    public Task<ResidentRow?> GetResidentAsync(string residentId, CancellationToken cancellationToken) => inner.GetResidentAsync(residentId, cancellationToken);
    public Task<IReadOnlyList<string>> AliasesOfAsync(string survivorId, CancellationToken cancellationToken) => inner.AliasesOfAsync(survivorId, cancellationToken);
    public Task<IReadOnlyList<EventRow>> EventsOfAsync(string residentId, CancellationToken cancellationToken) => inner.EventsOfAsync(residentId, cancellationToken);
    public Task<ReviewRow?> GetReviewAsync(string reviewId, CancellationToken cancellationToken) => inner.GetReviewAsync(reviewId, cancellationToken);
    public Task<IReadOnlyList<ReviewRow>> ListReviewsAsync(ReviewState state, string? department, int offset, int limit, CancellationToken cancellationToken) =>
        inner.ListReviewsAsync(state, department, offset, limit, cancellationToken);
    public Task<IReadOnlyList<ReviewRow>> OpenReviewsOfProvisionalAsync(string residentId, CancellationToken cancellationToken) =>
        inner.OpenReviewsOfProvisionalAsync(residentId, cancellationToken);
    public Task<byte[]?> GetResponseAsync(string caller, string requestId, CancellationToken cancellationToken) => inner.GetResponseAsync(caller, requestId, cancellationToken);
    public Task<IReadOnlyList<(long Id, string Key)>> PendingCacheKeysAsync(int limit, CancellationToken cancellationToken) => inner.PendingCacheKeysAsync(limit, cancellationToken);
    public Task DeleteCacheKeysAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) => inner.DeleteCacheKeysAsync(ids, cancellationToken);
    public IAsyncEnumerable<(LinkRow Link, byte[] Payload)> LoadLinkedRecordsAsync(CancellationToken cancellationToken) => inner.LoadLinkedRecordsAsync(cancellationToken);
    public Task<IReadOnlyList<(string Department, string LocalId, byte[] Payload)>> UnlinkedRecordsAsync(int limit, CancellationToken cancellationToken) =>
        inner.UnlinkedRecordsAsync(limit, cancellationToken);
    public Task<IReadOnlyList<ReviewRow>> OpenReviewsOfSourceAsync(string department, string localId, CancellationToken cancellationToken) =>
        inner.OpenReviewsOfSourceAsync(department, localId, cancellationToken);
    public Task<IReadOnlyList<(string Department, string LocalId)>> DeletedLinkedRecordsAsync(int limit, CancellationToken cancellationToken) =>
        inner.DeletedLinkedRecordsAsync(limit, cancellationToken);
    public Task<UnsettledRecords> UnsettledRecordsAsync(IReadOnlyCollection<(string Department, string LocalId)> sources, CancellationToken cancellationToken) =>
        inner.UnsettledRecordsAsync(sources, cancellationToken);
}
