using Hub.Contracts.V1;
using Hub.Identity;

namespace Hub.Tests.Identity.Engine;

/// <summary>
/// A real identity store whose commits a test can hold back or make fail, and count:
/// the one seam the group-commit tests need.
/// </summary>
internal sealed class GatedIdentityStore(IIdentityStore inner) : IIdentityStore
{
    private int _applies;

    /// <summary>Transactions written (or attempted).</summary>
    public int Applies => Volatile.Read(ref _applies);

    /// <summary>Completed when a commit has started; the commit then waits for <see cref="Release"/> when one is set.</summary>
    public TaskCompletionSource CommitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the next commit waits for it.</summary>
    public TaskCompletionSource? Release { get; set; }

    /// <summary>When set, the next commit throws this after it was released.</summary>
    public Exception? FailNext { get; set; }

    public async Task<IReadOnlyList<long>> ApplyAsync(IdentityChangeSet changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _applies);
        CommitStarted.TrySetResult();
        if (Release is { } release)
        {
            Release = null;
            await release.Task;
        }
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }
        return await inner.ApplyAsync(changes, now, cancellationToken);
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
    public Task<IReadOnlyList<ReviewRow>> OpenReviewsOfSourceAsync(string department, string localId, CancellationToken cancellationToken) =>
        inner.OpenReviewsOfSourceAsync(department, localId, cancellationToken);

    public Task<IReadOnlyList<(string Department, string LocalId)>> DeletedLinkedRecordsAsync(int limit, CancellationToken cancellationToken) =>
        inner.DeletedLinkedRecordsAsync(limit, cancellationToken);

    public Task<IReadOnlyList<(string Department, string LocalId, byte[] Payload)>> UnlinkedRecordsAsync(int limit, CancellationToken cancellationToken) =>
        inner.UnlinkedRecordsAsync(limit, cancellationToken);
    public Task<UnsettledRecords> UnsettledRecordsAsync(IReadOnlyCollection<(string Department, string LocalId)> sources, CancellationToken cancellationToken) =>
        inner.UnsettledRecordsAsync(sources, cancellationToken);
}
