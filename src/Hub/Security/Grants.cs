using Hub.Contracts.V1;

namespace Hub.Security;

/// <summary>How a policy's grant lists are read: exact entries, <c>prefix/*</c> or <c>prefix.*</c> wildcards, and <c>*</c>.</summary>
public static class Grants
{
    /// <summary>Field grant that shows citizen ID numbers unmasked.</summary>
    public const string IdNumberField = "core.id_number";

    /// <summary>Field grant that shows phone numbers unmasked.</summary>
    public const string PhoneField = "core.phone";

    /// <summary>True when <paramref name="list"/> grants <paramref name="value"/>.</summary>
    public static bool Allows(IEnumerable<string> list, string value)
    {
        foreach (var grant in list)
        {
            if (grant == "*" || grant == value)
                return true;
            if (grant.Length > 1 && grant[^1] == '*' && grant[^2] is '/' or '.' && value.StartsWith(grant[..^1], StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>May this caller call <paramref name="rpc"/> (e.g. <c>hub.v1.IdentityService/Merge</c>)?</summary>
    public static bool AllowsRpc(this CallerPolicy policy, string rpc) => Allows(policy.Rpcs, rpc);

    /// <summary>May this caller receive <paramref name="field"/> (e.g. <c>core.id_number</c>, <c>health.blood_type</c>)?</summary>
    public static bool AllowsField(this CallerPolicy policy, string field) => Allows(policy.Fields, field);

    /// <summary>
    /// May this caller receive <paramref name="field"/> of <paramref name="department"/>'s facet? The same answer as
    /// <c>AllowsField($"{department}.{field}")</c> without building that name: a resident read asks it for every field
    /// of every facet.
    /// </summary>
    public static bool AllowsField(this CallerPolicy policy, string department, string field)
    {
        foreach (var grant in policy.Fields)
        {
            if (grant == "*" || IsJoined(grant, department, field))
                return true;
            if (grant.Length > 1 && grant[^1] == '*' && grant[^2] is '/' or '.' && JoinedStartsWith(department, field, grant.AsSpan(0, grant.Length - 1)))
                return true;
        }
        return false;
    }

    // value == a + "." + b
    private static bool IsJoined(string value, string a, string b) =>
        value.Length == a.Length + 1 + b.Length && value.StartsWith(a, StringComparison.Ordinal) && value[a.Length] == '.'
        && value.AsSpan(a.Length + 1).SequenceEqual(b);

    // (a + "." + b).StartsWith(prefix)
    private static bool JoinedStartsWith(string a, string b, ReadOnlySpan<char> prefix) =>
        prefix.Length <= a.Length
            ? a.AsSpan().StartsWith(prefix, StringComparison.Ordinal)
            : prefix.StartsWith(a, StringComparison.Ordinal) && prefix[a.Length] == '.' && b.AsSpan().StartsWith(prefix[(a.Length + 1)..], StringComparison.Ordinal);

    /// <summary>May this caller read facets of <paramref name="department"/>?</summary>
    public static bool AllowsDepartment(this CallerPolicy policy, string department) => Allows(policy.Departments, department);

    /// <summary>May this caller declare <paramref name="purpose"/>?</summary>
    public static bool AllowsPurpose(this CallerPolicy policy, string purpose) => Allows(policy.Purposes, purpose);

    /// <summary>May this caller push records of (and register adapters for) <paramref name="department"/>?</summary>
    public static bool AllowsIngest(this CallerPolicy policy, string department) =>
        policy.IngestDepartment == "*" || (policy.IngestDepartment.Length > 0 && policy.IngestDepartment == department);

    /// <summary>A policy with every grant, for the bootstrap admin.</summary>
    public static CallerPolicy Everything(string caller) => new()
    {
        Caller = caller, Rpcs = { "*" }, Purposes = { "*" }, Departments = { "*" }, Fields = { "*" },
        IngestDepartment = "*", Admin = true, Audit = true,
    };
}
