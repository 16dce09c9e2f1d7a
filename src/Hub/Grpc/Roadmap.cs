namespace Hub.Grpc;

/// <summary>
/// Which capability each not-yet-built service is waiting for. A call to one of its RPCs answers
/// <c>UNIMPLEMENTED</c> with this text, so a caller learns what is missing instead of getting
/// invented data. An entry goes away when its service is built.
/// </summary>
internal static class Roadmap
{
    private static readonly Dictionary<string, string> Pending = new(StringComparer.Ordinal)
    {
    };

    // Listed by the hub's reflection so department developers can fetch the contract they must
    // serve, but never served by the hub itself.
    private const string AdapterSide = "hub.v1.DepartmentAdapterService";

    /// <summary>The explanation for a method such as <c>/hub.v1.CaseService/SubmitCase</c>, or null when it is not pending.</summary>
    public static string? Explain(string method)
    {
        var parts = method.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
            return null;
        if (parts[0] == AdapterSide)
            return $"{AdapterSide} is served by each department's adapter host, not by the hub: call the adapter's own endpoint (see ListAdapters).";
        if (!Pending.TryGetValue(parts[0], out var capability))
            return null;
        return $"{parts[0]}/{parts[1]} is not available yet: it arrives with {capability}.";
    }

    /// <summary>Service names still pending, for the start-up log.</summary>
    public static IEnumerable<string> PendingServices => Pending.Keys;
}
