using Grpc.Core;

namespace Hub.Grpc;

/// <summary>Who is calling, as recorded in history and logs.</summary>
public static class CallerIdentity
{
    /// <summary>The authenticated system's name; <c>anonymous</c> until authentication is configured.</summary>
    public static string Of(ServerCallContext context)
    {
        var name = context.GetHttpContext().User.Identity?.Name;
        return string.IsNullOrEmpty(name) ? "anonymous" : name;
    }
}
