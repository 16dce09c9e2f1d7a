using System.Text.RegularExpressions;
using Hub.Common;
using Hub.Contracts.V1;
using Hub.Grpc;

namespace Hub.Security;

/// <summary>Validates a policy before it is stored: every bad grant is named with its position.</summary>
public static partial class PolicyChecks
{
    private const int MaxEntries = 500;

    /// <summary>Adds a violation for every malformed part of <paramref name="policy"/>.</summary>
    public static void Check(CallerPolicy policy, RequestChecks checks)
    {
        checks.Check(!CallerId.IsValid(policy.Caller), "policy.caller", CallerId.Rule);
        List("policy.rpcs", policy.Rpcs, checks, r => r == "*" || RpcPattern().IsMatch(r),
            "an RPC is '*', 'hub.v1.Service/*' or 'hub.v1.Service/Method'");
        List("policy.purposes", policy.Purposes, checks, p => p == "*" || PurposePattern().IsMatch(p),
            "a purpose is '*' or up to 64 ASCII letters, digits, '-', '_' or '.'");
        List("policy.departments", policy.Departments, checks, d => d == "*" || DepartmentCode.IsValid(d), DepartmentCode.Rule);
        List("policy.fields", policy.Fields, checks, f => f == "*" || FieldPattern().IsMatch(f),
            "a field is '*', 'core.<field>', '<department>.<field>' or '<department>.*'");
        checks.Check(policy.IngestDepartment.Length > 0 && policy.IngestDepartment != "*" && !DepartmentCode.IsValid(policy.IngestDepartment),
            "policy.ingest_department", DepartmentCode.Rule);
        checks.Check(policy.CallsPerSecond is < 0 or > 1_000_000, "policy.calls_per_second", "must be between 0 and 1000000");
        checks.Check(policy.ResidentReadsPerMinute is < 0 or > 100_000_000, "policy.resident_reads_per_minute", "must be between 0 and 100000000");
    }

    /// <summary>The policy without output-only fields and duplicate grants.</summary>
    public static CallerPolicy Normalized(CallerPolicy policy)
    {
        var copy = policy.Clone();
        copy.Version = 0;
        copy.UpdateTime = null;
        copy.UpdatedBy = "";
        Dedupe(copy.Rpcs);
        Dedupe(copy.Purposes);
        Dedupe(copy.Departments);
        Dedupe(copy.Fields);
        return copy;
    }

    private static void Dedupe(Google.Protobuf.Collections.RepeatedField<string> list)
    {
        var distinct = list.Distinct(StringComparer.Ordinal).ToList();
        list.Clear();
        list.AddRange(distinct);
    }

    private static void List(string field, IList<string> values, RequestChecks checks, Func<string, bool> valid, string rule)
    {
        checks.Check(values.Count > MaxEntries, field, $"lists more than {MaxEntries} entries");
        for (var i = 0; i < Math.Min(values.Count, MaxEntries); i++)
            checks.Check(values[i].Length > 200 || !valid(values[i]), $"{field}[{i}]", rule);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+/(\*|[A-Za-z0-9_]+)$")]
    private static partial Regex RpcPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$")]
    private static partial Regex PurposePattern();

    [GeneratedRegex(@"^[a-z0-9\-]{2,32}\.(\*|[A-Za-z0-9_]{1,64})$")]
    private static partial Regex FieldPattern();
}
