using Google.Protobuf;
using Grpc.Core;
using Hub.Audit;

namespace Hub.Security;

/// <summary>
/// Records what a call revealed about residents in the audit log, and holds bulk reads to the caller's limits:
/// a refused bulk read is recorded too.
/// </summary>
public sealed class ReadRecorder(IAuditLog log, CallLimits limits, TimeProvider time)
{
    /// <summary>Checks the limits and durably records one entry per resident before the answer leaves; throws RESOURCE_EXHAUSTED over a limit.</summary>
    public async Task RecordAsync(AccessContext access, IMessage? request, IMessage? response, CancellationToken cancellationToken)
    {
        var reads = ResidentReads.Of(request, response);
        if (reads.Residents.Count == 0)
            return;
        string? refusal = null;
        // A change (merge, split, decision) has committed by now: it is recorded, never refused after the fact.
        if (MethodRules.NeedsAdmin(MethodRules.Rpc(access.Method)))
            refusal = null;
        else if (reads.Residents.Count > limits.MaxResidentsPerCall)
            refusal = $"the answer names {reads.Residents.Count} residents, more than {limits.MaxResidentsPerCall} per call; ask for a smaller page";
        else if (!limits.TryReadResidents(access.Policy, reads.Residents.Count))
            refusal = $"caller {access.Caller} may read {limits.ResidentsPerMinute(access.Policy)} residents per minute; retry later";
        if (refusal is not null)
        {
            await DurablyAsync([Record(access, "", [], [$"refused:{reads.Residents.Count} residents"], StatusCode.ResourceExhausted)], cancellationToken);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal));
        }
        await DurablyAsync(Records(access, reads, StatusCode.OK), cancellationToken);
    }

    // An answer that could not be put on record is not given: the caller may retry.
    private async Task DurablyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            await log.RecordAsync(records, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not RpcException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the access could not be recorded in the audit log; the answer is withheld, try again"));
        }
    }

    /// <summary>Records a refused attempt on the residents a request names (so a resident sees who tried).</summary>
    public async Task RecordRefusalAsync(AccessContext access, IMessage? request, StatusCode status, CancellationToken cancellationToken)
    {
        var reads = ResidentReads.Of(request, null);
        if (reads.Residents.Count is > 0 and <= 100)
            await DurablyAsync(Records(access, reads, status), cancellationToken);
    }

    /// <summary>Queues entries for one streamed message (not awaited: see <see cref="IAuditLog.Enqueue"/>).</summary>
    public void Enqueue(AccessContext access, IMessage message)
    {
        var reads = ResidentReads.Of(null, message);
        if (reads.Residents.Count > 0)
            log.Enqueue(Records(access, reads, StatusCode.OK));
    }

    private List<AuditRecord> Records(AccessContext access, ResidentReads reads, StatusCode status) =>
        [.. reads.Residents.Select(r => Record(access, r, reads.Facets, reads.Fields, status))];

    private AuditRecord Record(AccessContext access, string resident, IReadOnlyList<string> facets, IReadOnlyList<string> fields, StatusCode status) =>
        new(time.GetUtcNow(), access.Caller, access.Purpose, resident, facets, fields, access.Method, access.RequestId, StatusName(status));

    /// <summary><c>PermissionDenied</c> → <c>PERMISSION_DENIED</c>, as gRPC writes status names.</summary>
    public static string StatusName(StatusCode status) => status == StatusCode.OK ? "OK" : Spelled(status);

    private static string Spelled(StatusCode status)
    {
        var text = status.ToString();
        var builder = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]) && char.IsLower(text[i - 1]))
                builder.Append('_');
            builder.Append(char.ToUpperInvariant(text[i]));
        }
        return builder.ToString();
    }
}
