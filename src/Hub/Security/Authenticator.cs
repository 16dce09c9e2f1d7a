using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Security;

/// <summary>An authenticated caller and its policy, as of the access tables' change <paramref name="TablesCounter"/>.</summary>
public sealed record AuthenticatedCaller(string Caller, CallerPolicy Policy, string Method, long TablesCounter);

/// <summary>Finds who is calling: a client certificate (mutual TLS) or an API key in <c>authorization: Bearer</c>.</summary>
public sealed class Authenticator(AccessTables tables, TimeProvider time, ClientCertificateRules certificates)
{
    /// <summary>Metadata key of the credentials.</summary>
    public const string AuthorizationHeader = "authorization";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _verified = new(StringComparer.Ordinal);

    /// <summary>The caller of <paramref name="context"/>, or UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    public async ValueTask<AuthenticatedCaller> AuthenticateAsync(ServerCallContext context)
    {
        var snapshot = await tables.GetAsync(context.CancellationToken);
        var header = CallHeaders.Get(context, AuthorizationHeader);
        string caller, method;
        if (header is null && certificates.Enabled && context.GetHttpContext().Connection.ClientCertificate is { } certificate)
        {
            caller = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            method = "client-certificate";
        }
        else
        {
            if (certificates.Required)
                throw Unauthenticated("this hub requires a client certificate (mutual TLS)");
            caller = KeyCaller(header, snapshot);
            method = "api-key";
        }
        if (!snapshot.Policies.TryGetValue(caller, out var policy))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"missing grant: caller {caller} has no policy"));
        return new AuthenticatedCaller(caller, policy, method, snapshot.Counter);
    }

    /// <summary>The change counter of the access tables now (reloaded first when they may be stale).</summary>
    public async ValueTask<long> TablesCounterAsync(CancellationToken cancellationToken) => (await tables.GetAsync(cancellationToken)).Counter;

    private string KeyCaller(string? header, AccessSnapshot snapshot)
    {
        if (string.IsNullOrWhiteSpace(header))
            throw Unauthenticated("no credentials: send the API key as 'authorization: Bearer <key>'");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw Unauthenticated("the authorization header must read 'Bearer <key>'");
        var key = header[7..].Trim();
        if (ApiKeys.KeyIdOf(key) is not { } id || !snapshot.Keys.TryGetValue(id, out var row) || !Verified(key, row.Hash))
            throw Unauthenticated("the API key is not valid");
        return row.StateAt(time.GetUtcNow()) switch
        {
            ApiKeyState.Revoked => throw Unauthenticated($"the API key {id} was revoked"),
            ApiKeyState.Expired => throw Unauthenticated($"the API key {id} has expired"),
            _ => row.Caller,
        };
    }

    // A key checked once against a stored hash is remembered with that hash: the salted SHA-256 (with the parsing and
    // decoding around it) was the largest part of authenticating a call, and a caller sends the same key on every call.
    // Only the pair (key, stored hash) is trusted, so a key whose row changed or went is checked again; revocation and
    // expiry are read from the row on every call. Bounded: a flood of distinct valid keys empties it (they then verify).
    private bool Verified(string key, string storedHash)
    {
        if (_verified.TryGetValue(key, out var hash) && string.Equals(hash, storedHash, StringComparison.Ordinal))
            return true;
        if (!ApiKeys.Matches(key, storedHash))
            return false;
        if (_verified.Count >= MaxVerifiedKeys)
            _verified.Clear();
        _verified[key] = storedHash;
        return true;
    }

    private const int MaxVerifiedKeys = 10_000;

    private static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));
}
