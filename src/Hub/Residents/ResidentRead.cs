using Hub.Contracts.V1;

namespace Hub.Residents;

/// <summary>Which resident to read: exactly one of the keys is set (the service checked their shape).</summary>
/// <param name="ResidentId">A hub resident id (an alias resolves to its survivor).</param>
/// <param name="IdNumber">A valid, normalised 18-character citizen ID number.</param>
/// <param name="Source">A department record.</param>
public sealed record ResidentKey(string? ResidentId = null, string? IdNumber = null, SourceRef? Source = null);

/// <summary>One GetResident read, checked.</summary>
/// <param name="Key">The resident.</param>
/// <param name="Purpose">The declared purpose.</param>
/// <param name="Caller">The calling system.</param>
/// <param name="RequestId">The audit request id of this read.</param>
/// <param name="Departments">Departments asked for; empty for all the policy allows.</param>
/// <param name="Fields">Fields asked for, by department; a department absent here gets every field the policy allows.</param>
/// <param name="CallerDeadline">The caller's gRPC deadline (UTC), or <see cref="DateTimeOffset.MaxValue"/> when it set none.</param>
public sealed record ResidentRead(ResidentKey Key, string Purpose, string Caller, string RequestId, IReadOnlyList<string> Departments,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Fields, DateTimeOffset CallerDeadline);
