namespace Hub.Audit;

/// <summary>One read of (or change to) a resident's data, before it is placed in the chain.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Caller">The calling system.</param>
/// <param name="Purpose">The purpose it declared (empty when none was needed, e.g. an adapter's push).</param>
/// <param name="ResidentId">The resident; empty for a refused bulk read that named no one yet.</param>
/// <param name="Facets">Departments whose facets were returned.</param>
/// <param name="Fields">Fields returned: <c>core.&lt;field&gt;</c> or <c>&lt;department&gt;.&lt;field&gt;</c>.</param>
/// <param name="RpcMethod">The full gRPC method.</param>
/// <param name="RequestId">The call's request id.</param>
/// <param name="StatusCode">gRPC status name the call ended with, e.g. <c>OK</c>.</param>
public sealed record AuditRecord(
    DateTimeOffset Time, string Caller, string Purpose, string ResidentId, IReadOnlyList<string> Facets, IReadOnlyList<string> Fields,
    string RpcMethod, string RequestId, string StatusCode);

/// <summary>An entry as stored: the record's text exactly as hashed, its place in the chain and its hashes.</summary>
public sealed record AuditEntryRow(
    long Sequence, string AccessTime, string Caller, string Purpose, string ResidentId, string Facets, string Fields,
    string RpcMethod, string RequestId, string StatusCode, string PreviousHash, string EntryHash);
