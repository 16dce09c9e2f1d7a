using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Security;

/// <summary>An authenticated caller and its policy.</summary>
public sealed record AuthenticatedCaller(string Caller, CallerPolicy Policy, string Method);

/// <summary>Finds who is calling: a client certificate (mutual TLS) or an API key in <c>authorization: Bearer</c>.</summary>
public sealed class Authenticator(AccessTables tables, TimeProvider time, ClientCertificateRules certificates)
{
    /// <summary>Metadata key of the credentials.</summary>
    public const string AuthorizationHeader = "authorization";

    /// <summary>The caller of <paramref name="context"/>, or UNAUTHENTICATED / PERMISSION_DENIED.</summary>
    public async ValueTask<AuthenticatedCaller> AuthenticateAsync(ServerCallContext context)
    {
        var snapshot = await tables.GetAsync(context.CancellationToken);
        var header = context.RequestHeaders.GetValue(AuthorizationHeader);
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
        return new AuthenticatedCaller(caller, policy, method);
    }

    private string KeyCaller(string? header, AccessSnapshot snapshot)
    {
        if (string.IsNullOrWhiteSpace(header))
            throw Unauthenticated("no credentials: send the API key as 'authorization: Bearer <key>'");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw Unauthenticated("the authorization header must read 'Bearer <key>'");
        var key = header[7..].Trim();
        if (ApiKeys.KeyIdOf(key) is not { } id || !snapshot.Keys.TryGetValue(id, out var row) || !ApiKeys.Matches(key, row.Hash))
            throw Unauthenticated("the API key is not valid");
        return row.StateAt(time.GetUtcNow()) switch
        {
            ApiKeyState.Revoked => throw Unauthenticated($"the API key {id} was revoked"),
            ApiKeyState.Expired => throw Unauthenticated($"the API key {id} has expired"),
            _ => row.Caller,
        };
    }

    private static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));
}
