using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Hosting;
using Hub.Security;
using Hub.Tests.Helpers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Tests.Security;

/// <summary>
/// The authenticator remembers keys it has verified, but only together with the stored hash they matched: a key
/// whose row now holds another hash is checked again (and refused), and a revoked key is refused at once.
/// </summary>
public sealed class VerifiedKeyTests
{
    [Fact]
    public async Task KeyVerifiedOnce_RowReplacedWithAnotherHash_OldKeyRefusedNewKeyAccepted()
    {
        var (id, oldKey) = ApiKeys.Create();
        // The secret follows "hub_<id>_" and may itself contain '_' (base64url), so it is cut by position, not at the last '_'.
        var secret = oldKey[$"hub_{id}_".Length..];
        var newKey = $"hub_{id}_{secret.Replace('A', 'B').Replace('a', 'b')}x";
        var store = new Store { Key = Row(id, ApiKeys.Hash(oldKey)) };
        var (authenticator, tables) = Build(store);

        Assert.Equal("system", (await authenticator.AuthenticateAsync(Call(oldKey))).Caller);
        Assert.Equal("system", (await authenticator.AuthenticateAsync(Call(oldKey))).Caller);

        store.Key = Row(id, ApiKeys.Hash(newKey));
        await tables.ReloadAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await authenticator.AuthenticateAsync(Call(oldKey)));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal("system", (await authenticator.AuthenticateAsync(Call(newKey))).Caller);
    }

    [Fact]
    public async Task KeyVerifiedOnce_Revoked_Refused()
    {
        var (id, key) = ApiKeys.Create();
        var store = new Store { Key = Row(id, ApiKeys.Hash(key)) };
        var (authenticator, tables) = Build(store);
        await authenticator.AuthenticateAsync(Call(key));

        store.Key = store.Key with { RevokedAt = TimeProvider.System.GetUtcNow() };
        await tables.ReloadAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await authenticator.AuthenticateAsync(Call(key)));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail);
    }

    private static ApiKeyRow Row(string id, string hash) =>
        new(id, "system", hash, TimeProvider.System.GetUtcNow(), null, null, "admin", "");

    private static (Authenticator, AccessTables) Build(Store store)
    {
        var options = Options.Create(new HubOptions());
        var tables = new AccessTables(store, TimeProvider.System, options, NullLogger<AccessTables>.Instance);
        return (new Authenticator(tables, TimeProvider.System, new ClientCertificateRules(options)), tables);
    }

    // A call carrying 'authorization: Bearer <key>'.
    private static ServerCallContext Call(string key) => new FakeCallContext("/hub.v1.DictionaryService/ListDictionaries", CancellationToken.None,
        new Metadata { { Authenticator.AuthorizationHeader, $"Bearer {key}" } });

    // Holds one key row and one policy; every read sees the current row.
    private sealed class Store : IAccessStore
    {
        private long _counter;
        private ApiKeyRow _key = null!;

        public ApiKeyRow Key { get => _key; set { _key = value; _counter++; } }

        public Task<long> ChangeCounterAsync(CancellationToken cancellationToken) => Task.FromResult(_counter);
        public Task<IReadOnlyList<ApiKeyRow>> AllKeysAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ApiKeyRow>>([_key]);
        public Task<ApiKeyRow?> GetKeyAsync(string keyId, CancellationToken cancellationToken) => Task.FromResult<ApiKeyRow?>(_key);
        public Task<IReadOnlyList<CallerPolicy>> AllPoliciesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CallerPolicy>>([new CallerPolicy { Caller = "system", Rpcs = { "*" } }]);
        public Task AddKeyAsync(ApiKeyRow key, (string KeyId, DateTimeOffset ExpiresAt)? shortenPrevious, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<ApiKeyRow>> ListKeysAsync(string? caller, int offset, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<CallerPolicy> PutPolicyAsync(CallerPolicy policy, string updatedBy, DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<bool> AddPolicyIfMissingAsync(CallerPolicy policy, string updatedBy, DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
