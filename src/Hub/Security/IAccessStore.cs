using Hub.Contracts.V1;

namespace Hub.Security;

/// <summary>One stored API key: its id, owner, salted hash and life.</summary>
public sealed record ApiKeyRow(
    string KeyId, string Caller, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt,
    string CreatedBy, string RotatedFrom)
{
    /// <summary>The key's state at <paramref name="now"/>.</summary>
    public ApiKeyState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? ApiKeyState.Revoked : ExpiresAt is { } e && e <= now ? ApiKeyState.Expired : ApiKeyState.Active;
}

/// <summary>Keys and policies of the calling systems. Every change bumps one counter, so replicas see it cheaply.</summary>
public interface IAccessStore
{
    /// <summary>A number that grows with every change to keys or policies.</summary>
    Task<long> ChangeCounterAsync(CancellationToken cancellationToken);

    /// <summary>Every key (for the in-memory key table; a hub has hundreds, not millions).</summary>
    Task<IReadOnlyList<ApiKeyRow>> AllKeysAsync(CancellationToken cancellationToken);

    /// <summary>One key, or null.</summary>
    Task<ApiKeyRow?> GetKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Adds a key; when <paramref name="shortenPrevious"/> is given, sets that key's expiry in the same transaction.</summary>
    Task AddKeyAsync(ApiKeyRow key, (string KeyId, DateTimeOffset ExpiresAt)? shortenPrevious, CancellationToken cancellationToken);

    /// <summary>Marks a key revoked (keeps an earlier revocation time); false when there is no such key.</summary>
    Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Keys by caller, then creation time.</summary>
    Task<IReadOnlyList<ApiKeyRow>> ListKeysAsync(string? caller, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="policy"/> with the next version, and returns it as stored.</summary>
    Task<CallerPolicy> PutPolicyAsync(CallerPolicy policy, string updatedBy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="policy"/> only when the caller has none yet; true when stored.</summary>
    Task<bool> AddPolicyIfMissingAsync(CallerPolicy policy, string updatedBy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every policy, by caller.</summary>
    Task<IReadOnlyList<CallerPolicy>> AllPoliciesAsync(CancellationToken cancellationToken);
}
