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

    /// <summary>The method name without its leading slash: <c>/hub.v1.X/Y</c> → <c>hub.v1.X/Y</c>.</summary>
    public static string Rpc(string method) => method.TrimStart('/');

    /// <summary>Health and reflection answer without credentials (load balancers and tools need them).</summary>
    public static bool IsOpen(string method) =>
        method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
        || method.StartsWith("/grpc.reflection.", StringComparison.Ordinal);

    /// <summary>Needs the admin grant.</summary>
    public static bool NeedsAdmin(string rpc) => AdminMethods.Contains(rpc) || AdminServices.Any(s => rpc.StartsWith(s, StringComparison.Ordinal));

    /// <summary>Needs a declared purpose.</summary>
    public static bool NeedsPurpose(string rpc) => PurposeServices.Any(s => rpc.StartsWith(s, StringComparison.Ordinal));

    /// <summary>Residents named in its messages are recorded in the audit log.</summary>
    public static bool IsAudited(string rpc) => !UnauditedServices.Any(s => rpc.StartsWith(s, StringComparison.Ordinal));
}
