using Grpc.Core;

namespace Hub.Security;

/// <summary>Reads a request header of a gRPC call.</summary>
public static class CallHeaders
{
    // gRPC's own server call context (internal to Grpc.AspNetCore.Server); any other context (a test's) is read
    // through its metadata.
    private static readonly Type? GrpcContext =
        Type.GetType("Grpc.AspNetCore.Server.Internal.HttpContextServerCallContext, Grpc.AspNetCore.Server");

    /// <summary>
    /// The last value of header <paramref name="name"/> (lower case, not a <c>-bin</c> header), or null, as
    /// <c>context.RequestHeaders.GetValue(name)</c> answers. Read from Kestrel's header dictionary when the call is
    /// served by gRPC: the first use of <see cref="ServerCallContext.RequestHeaders"/> copies every header of the call
    /// into a new metadata collection, and each call asks for two or three headers only.
    /// </summary>
    public static string? Get(ServerCallContext context, string name)
    {
        if (context.GetType() != GrpcContext)
            return context.RequestHeaders.GetValue(name);
        var values = context.GetHttpContext().Request.Headers[name];
        return values.Count == 0 ? null : values[values.Count - 1];
    }
}
