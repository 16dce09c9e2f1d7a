using System.Collections.Concurrent;

namespace Hub.Security;

/// <summary>What each gRPC method needs beyond an RPC grant. Methods added later fall under their service's rule.</summary>
public static class MethodRules
{
    // Changes to shared configuration and to identities: need the admin grant.
    private static readonly HashSet<string> AdminMethods = new(StringComparer.Ordinal)
    {
        "hub.v1.DictionaryService/PutMappings",
        "hub.v1.DictionaryService/DeleteMappings",
        "hub.v1.DictionaryService/ImportMappings",
        "hub.v1.IdentityService/Link",
        "hub.v1.IdentityService/Unlink",
        "hub.v1.IdentityService/Merge",
        "hub.v1.IdentityService/Split",
        "hub.v1.IdentityService/DecideReview",
        "hub.v1.CaseService/PutRoutingRule",
    };

    private static readonly string[] AdminServices = ["hub.v1.AccessAdminService/"];

    // Every call of these services reads or changes resident data: it needs a declared purpose.
    private static readonly string[] PurposeServices = ["hub.v1.ResidentService/", "hub.v1.IdentityService/"];

    // The audit log itself and the access tables are not resident data reads (and must not audit themselves).
    private static readonly string[] UnauditedServices = ["hub.v1.AuditService/", "hub.v1.AccessAdminService/", "hub.v1.DictionaryService/", "hub.v1.AddressService/"];

    // A department's adapter sending its own records: each ack names the resident its record was linked to, but the
    // adapter learns nothing it did not send (any read it makes with that id is audited when made). Recording every
    // ack put one entry per pushed record in the append-only log (800,000 for a first sync of four departments, again
    // on every re-sync), which buried the reads a resident asks about and held the write lock the sync needs.
    private static readonly HashSet<string> UnauditedMethods = new(StringComparer.Ordinal) { "hub.v1.IngestService/Push" };

    // Every call asks these questions of its method three or four times; the answers are worked out once per method
    // (a trimmed copy of the name and a scan of the lists each time before). Method names come from the routes the hub
    // maps, a fixed set; the bound only keeps odd callers of these helpers from growing it.
    private static readonly ConcurrentDictionary<string, Answers> Known = new(StringComparer.Ordinal);
    private const int MaxKnown = 1000;

    private sealed record Answers(string Rpc, bool Admin, bool Purpose, bool Audited);

    private static Answers For(string method)
    {
        if (Known.TryGetValue(method, out var known))
            return known;
        // The rules read the name as given (callers pass the trimmed rpc); Rpc is the trimmed form.
        var answers = new Answers(method.TrimStart('/'),
            AdminMethods.Contains(method) || AdminServices.Any(s => method.StartsWith(s, StringComparison.Ordinal)),
            PurposeServices.Any(s => method.StartsWith(s, StringComparison.Ordinal)),
            !UnauditedMethods.Contains(method) && !UnauditedServices.Any(s => method.StartsWith(s, StringComparison.Ordinal)));
        if (Known.Count < MaxKnown)
            Known.TryAdd(method, answers);
        return answers;
    }

    /// <summary>The method name without its leading slash: <c>/hub.v1.X/Y</c> → <c>hub.v1.X/Y</c>.</summary>
    public static string Rpc(string method) => For(method).Rpc;

    /// <summary>Health and reflection answer without credentials (load balancers and tools need them).</summary>
    public static bool IsOpen(string method) =>
        method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
        || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    /// <summary>Needs the admin grant.</summary>
    public static bool NeedsAdmin(string rpc) => For(rpc).Admin;

    /// <summary>Needs a declared purpose.</summary>
    public static bool NeedsPurpose(string rpc) => For(rpc).Purpose;

    /// <summary>Residents named in its messages are recorded in the audit log.</summary>
    public static bool IsAudited(string rpc) => For(rpc).Audited;
}
