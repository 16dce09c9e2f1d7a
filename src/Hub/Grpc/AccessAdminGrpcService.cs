using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Security;

namespace Hub.Grpc;

/// <summary>AccessAdminService: API keys (create, rotate, revoke, list) and caller policies. Needs the admin grant (see MethodRules).</summary>
public sealed class AccessAdminGrpcService(IAccessStore store, AccessTables tables, TimeProvider time) : AccessAdminService.AccessAdminServiceBase
{
    private const long MaxOverlapSeconds = 30L * 24 * 3600;

    /// <inheritdoc />
    public override async Task<CreateKeyResponse> CreateKey(CreateKeyRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Check(!CallerId.IsValid(request.Caller), "caller", CallerId.Rule);
        var expires = Expiry(request.ExpireTime, "expire_time", checks);
        checks.ThrowIfInvalid();
        var snapshot = await tables.ReloadAsync(context.CancellationToken);
        if (!snapshot.Policies.ContainsKey(request.Caller))
            throw RpcErrors.FailedPrecondition($"caller {request.Caller} has no policy; put one first (PutPolicy)");
        var (row, secret) = await AddKeyAsync(request.Caller, expires, "", null, context);
        return new CreateKeyResponse { Key = ToMessage(row), Secret = secret };
    }

    /// <inheritdoc />
    public override async Task<RotateKeyResponse> RotateKey(RotateKeyRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Required("key_id", request.KeyId, 64)
            .Check(request.OverlapSeconds is < 0 or > MaxOverlapSeconds, "overlap_seconds", $"must be between 0 and {MaxOverlapSeconds}");
        var expires = Expiry(request.ExpireTime, "expire_time", checks);
        checks.ThrowIfInvalid();
        var old = await store.GetKeyAsync(request.KeyId, context.CancellationToken);
        if (old is null)
            RpcErrors.NotFound($"no key {request.KeyId}");
        if (old.StateAt(time.GetUtcNow()) != ApiKeyState.Active)
            throw RpcErrors.FailedPrecondition($"key {request.KeyId} is {old.StateAt(time.GetUtcNow())}; create a new key instead");
        var overlapEnd = time.GetUtcNow().AddSeconds(request.OverlapSeconds);
        var (row, secret) = await AddKeyAsync(old.Caller, expires, old.KeyId, (old.KeyId, overlapEnd), context);
        var previous = await store.GetKeyAsync(old.KeyId, context.CancellationToken);
        return new RotateKeyResponse { Key = ToMessage(row), Secret = secret, Previous = ToMessage(previous!) };
    }

    /// <inheritdoc />
    public override async Task<RevokeKeyResponse> RevokeKey(RevokeKeyRequest request, ServerCallContext context)
    {
        new RequestChecks().Required("key_id", request.KeyId, 64).ThrowIfInvalid();
        if (!await store.RevokeKeyAsync(request.KeyId, time.GetUtcNow(), context.CancellationToken))
            RpcErrors.NotFound($"no key {request.KeyId}");
        await tables.ReloadAsync(context.CancellationToken);
        return new RevokeKeyResponse { Key = ToMessage((await store.GetKeyAsync(request.KeyId, context.CancellationToken))!) };
    }

    /// <inheritdoc />
    public override async Task<ListKeysResponse> ListKeys(ListKeysRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Check(request.Caller.Length > 0 && !CallerId.IsValid(request.Caller), "caller", CallerId.Rule);
        var size = PageToken.Size(request.PageSize, checks);
        var filter = $"keys|{request.Caller}";
        var offset = PageToken.Offset(request.PageToken, filter, checks);
        checks.ThrowIfInvalid();
        var rows = await store.ListKeysAsync(request.Caller.Length == 0 ? null : request.Caller, offset, size, context.CancellationToken);
        return new ListKeysResponse { Keys = { rows.Select(ToMessage) }, NextPageToken = PageToken.Next(offset, size, rows.Count, filter) };
    }

    /// <inheritdoc />
    public override async Task<PutPolicyResponse> PutPolicy(PutPolicyRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Check(request.Policy is null, "policy", "is required");
        if (request.Policy is { } policy)
            PolicyChecks.Check(policy, checks);
        checks.ThrowIfInvalid();
        var stored = await store.PutPolicyAsync(PolicyChecks.Normalized(request.Policy!), CallerIdentity.Of(context), time.GetUtcNow(),
            context.CancellationToken);
        await tables.ReloadAsync(context.CancellationToken);
        return new PutPolicyResponse { Policy = stored };
    }

    /// <inheritdoc />
    public override async Task<GetPolicyResponse> GetPolicy(GetPolicyRequest request, ServerCallContext context)
    {
        new RequestChecks().Check(!CallerId.IsValid(request.Caller), "caller", CallerId.Rule).ThrowIfInvalid();
        var snapshot = await tables.ReloadAsync(context.CancellationToken);
        if (!snapshot.Policies.TryGetValue(request.Caller, out var policy))
            RpcErrors.NotFound($"caller {request.Caller} has no policy");
        return new GetPolicyResponse { Policy = policy };
    }

    /// <inheritdoc />
    public override async Task<ListPoliciesResponse> ListPolicies(ListPoliciesRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks();
        var size = PageToken.Size(request.PageSize, checks);
        var offset = PageToken.Offset(request.PageToken, "policies", checks);
        checks.ThrowIfInvalid();
        var all = (await tables.ReloadAsync(context.CancellationToken)).Policies.Values.OrderBy(p => p.Caller, StringComparer.Ordinal).ToList();
        var page = all.Skip(offset).Take(size).ToList();
        return new ListPoliciesResponse { Policies = { page }, NextPageToken = PageToken.Next(offset, size, page.Count, "policies") };
    }

    private async Task<(ApiKeyRow Row, string Secret)> AddKeyAsync(string caller, DateTimeOffset? expires, string rotatedFrom,
        (string, DateTimeOffset)? shorten, ServerCallContext context)
    {
        var (id, secret) = ApiKeys.Create();
        var row = new ApiKeyRow(id, caller, ApiKeys.Hash(secret), time.GetUtcNow(), expires, null, CallerIdentity.Of(context), rotatedFrom);
        await store.AddKeyAsync(row, shorten, context.CancellationToken);
        await tables.ReloadAsync(context.CancellationToken);
        return (row, secret);
    }

    private DateTimeOffset? Expiry(Timestamp? t, string field, RequestChecks checks)
    {
        if (t is null)
            return null;
        var valid = t.Seconds is >= 0 and <= 253402300799 && t.Nanos is >= 0 and < 1_000_000_000;
        checks.Check(!valid, field, "is not a valid timestamp");
        if (!valid)
            return null;
        var value = t.ToDateTimeOffset();
        checks.Check(value <= time.GetUtcNow(), field, "must be in the future");
        return value;
    }

    private ApiKey ToMessage(ApiKeyRow row) => new()
    {
        KeyId = row.KeyId, Caller = row.Caller, CreateTime = Timestamp.FromDateTimeOffset(row.CreatedAt),
        ExpireTime = row.ExpiresAt is { } e ? Timestamp.FromDateTimeOffset(e) : null,
        RevokeTime = row.RevokedAt is { } r ? Timestamp.FromDateTimeOffset(r) : null,
        State = row.StateAt(time.GetUtcNow()), CreatedBy = row.CreatedBy, RotatedFrom = row.RotatedFrom,
    };
}
