using Grpc.Core;
using Hub.Security;

namespace Hub.Grpc;

/// <summary>Who is calling, as recorded in history, the audit log and the call log.</summary>
public static class CallerIdentity
{
    /// <summary>
    /// The authenticated system (its API key's caller, or its client certificate's common name). Only the open
    /// methods (health, reflection) and calls refused before authentication have none: <c>anonymous</c>.
    /// </summary>
    public static string Of(ServerCallContext context)
    {
        if (AccessContext.Of(context) is { } access)
            return access.Caller;
        var name = context.GetHttpContext().User.Identity?.Name;
        return string.IsNullOrEmpty(name) ? "anonymous" : name;
    }
}
