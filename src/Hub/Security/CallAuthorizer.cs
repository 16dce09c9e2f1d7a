using System.Security.Claims;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Security;

/// <summary>Decides whether an authenticated caller may make this call: RPC grant, admin grant, purpose, rate.</summary>
public sealed class CallAuthorizer(Authenticator authenticator, CallLimits limits)
{
    /// <summary>Metadata key of the declared purpose.</summary>
    public const string PurposeHeader = "x-hub-purpose";

    /// <summary>Metadata key of the caller's request id (echoed in the trailers and recorded in the audit log).</summary>
    public const string RequestIdHeader = "x-request-id";

    /// <summary>Authenticates and authorises the call, attaches the <see cref="AccessContext"/> and returns it.</summary>
    public async ValueTask<AccessContext> AuthorizeAsync(ServerCallContext context, object? request)
    {
        var caller = await authenticator.AuthenticateAsync(context);
        var http = context.GetHttpContext();
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, caller.Caller)], caller.Method, ClaimTypes.Name, ClaimTypes.Role));
        var policy = caller.Policy;
        var rpc = MethodRules.Rpc(context.Method);
        var access = new AccessContext(caller.Caller, policy, PurposeOf(context, request as IMessage), RequestIdOf(context), context.Method)
        {
            TablesCounter = caller.TablesCounter,
        };
        access.AttachTo(context);
        context.ResponseTrailers.Add(RequestIdHeader, access.RequestId);

        if (!limits.TryCall(policy))
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"rate limit: caller {caller.Caller} may make {limits.CallsPerSecond(policy)} calls per second; retry later"));
        ThrowIfNotGranted(policy, rpc, access.Purpose);
        if (request is RegisterRequest register && !policy.AllowsIngest(register.Department))
            throw Denied($"ingest:{register.Department}", " (an adapter may register and push only for its own department)");
        return access;
    }

    /// <summary>
    /// Checks an open stream's caller again, as <see cref="AuthorizeAsync"/> checked it at the start (key, RPC, admin and
    /// purpose grants; not the call rate, which counted the call once), when the access tables have changed since
    /// <paramref name="access"/> was checked or <paramref name="force"/> is set. Returns the access to use from now on (the
    /// caller's current policy, attached to the call) or throws UNAUTHENTICATED / PERMISSION_DENIED, which ends the stream.
    /// </summary>
    public async ValueTask<AccessContext> RecheckAsync(ServerCallContext context, AccessContext access, bool force, CancellationToken cancellationToken)
    {
        AuthenticatedCaller caller;
        try
        {
            if (!force && await authenticator.TablesCounterAsync(cancellationToken) == access.TablesCounter)
                return access;
            caller = await authenticator.AuthenticateAsync(context);
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            // The access tables could not be read (the store is busy or failing): the stream cannot be vouched for, so it
            // ends with a status the caller retries on, not as an error of the service.
            throw new RpcException(new Status(StatusCode.Unavailable, "this stream's access could not be checked again; reconnect", ex));
        }
        ThrowIfNotGranted(caller.Policy, MethodRules.Rpc(context.Method), access.Purpose);
        var current = access with { Policy = caller.Policy, TablesCounter = caller.TablesCounter };
        current.AttachTo(context);
        return current;
    }

    // The grants a call needs under a policy: its RPC, admin for shared data, and the declared purpose where one is needed.
    private static void ThrowIfNotGranted(CallerPolicy policy, string rpc, string purpose)
    {
        if (!policy.AllowsRpc(rpc))
            throw Denied($"rpc:{rpc}");
        if (MethodRules.NeedsAdmin(rpc) && !policy.Admin)
            throw Denied("admin", $" ({rpc} changes shared data)");
        if (MethodRules.NeedsPurpose(rpc))
        {
            if (purpose.Length == 0)
                throw Denied("purpose", $": declare why in the '{PurposeHeader}' header (allowed: {string.Join(", ", policy.Purposes)})");
            if (!policy.AllowsPurpose(purpose))
                throw Denied($"purpose:{purpose}");
        }
    }

    /// <summary>PERMISSION_DENIED naming the grant that is missing.</summary>
    public static RpcException Denied(string grant, string detail = "") =>
        new(new Status(StatusCode.PermissionDenied, $"missing grant {grant}{detail}"));

    // A request's own "purpose" field (GetResident and SearchResidents carry one) wins: it is what the service acts
    // on, so it is what is checked and recorded. Otherwise the header.
    private static string PurposeOf(ServerCallContext context, IMessage? request)
    {
        var purpose = "";
        var source = "purpose";
        if (request?.Descriptor.FindFieldByName("purpose") is { FieldType: FieldType.String, IsRepeated: false } field)
            purpose = ((string)field.Accessor.GetValue(request)).Trim();
        if (purpose.Length == 0)
        {
            purpose = CallHeaders.Get(context, PurposeHeader)?.Trim() ?? "";
            source = PurposeHeader;
        }
        if (purpose.Length > 64 || purpose.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
            throw Hub.Grpc.RpcErrors.InvalidArgument(source, "a purpose is up to 64 ASCII letters, digits, '-', '_' or '.'");
        return purpose;
    }

    private static string RequestIdOf(ServerCallContext context)
    {
        var given = CallHeaders.Get(context, RequestIdHeader)?.Trim();
        return given is { Length: > 0 and <= 128 } && given.All(c => c is > ' ' and < (char)127)
            ? given
            : Guid.CreateVersion7().ToString("N");
    }
}
