using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Security;

/// <summary>The checked caller of one call: who, under which policy, for which declared purpose, under which request id.</summary>
public sealed record AccessContext(string Caller, CallerPolicy Policy, string Purpose, string RequestId, string Method)
{
    private const string ItemKey = "hub.access";

    /// <summary>The access tables' change counter this was checked against (an open stream is checked again when it moves).</summary>
    public long TablesCounter { get; init; }

    /// <summary>The access context the interceptor attached to <paramref name="context"/>, or null on open methods.</summary>
    public static AccessContext? Of(ServerCallContext context) =>
        context.GetHttpContext().Items.TryGetValue(ItemKey, out var value) ? value as AccessContext : null;

    internal void AttachTo(ServerCallContext context) => context.GetHttpContext().Items[ItemKey] = this;
}
