using Google.Rpc;
using Grpc.Core;
using Hub.Ctl.Output;
using Spectre.Console;

namespace Hub.Ctl;

/// <summary>Writes a failed call to stderr, one clear sentence plus the details the hub sent, and picks the exit code.</summary>
public static class ErrorReporter
{
    /// <summary>The exit code for a gRPC status code.</summary>
    public static int ExitCodeOf(StatusCode code) => code switch
    {
        StatusCode.OK => ExitCodes.Success,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.Aborted => ExitCodes.Refused,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => ExitCodes.Unreachable,
        StatusCode.NotFound => ExitCodes.NotFound,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => ExitCodes.NotAllowed,
        StatusCode.Unimplemented => ExitCodes.Unimplemented,
        _ => ExitCodes.Other,
    };

    /// <summary>Reports <paramref name="ex"/> on stderr and returns its exit code.</summary>
    public static int Report(RpcException ex, HubConnection hub)
    {
        var detail = string.IsNullOrWhiteSpace(ex.Status.Detail) ? ex.StatusCode.ToString() : ex.Status.Detail;
        var sentence = ex.StatusCode switch
        {
            StatusCode.InvalidArgument => $"the hub refused the request: {detail}",
            StatusCode.FailedPrecondition => $"the hub refused the request in its current state: {detail}",
            StatusCode.AlreadyExists => $"the hub refused the request: {detail}",
            StatusCode.Aborted => $"changed by someone else meanwhile: {detail}",
            StatusCode.Unavailable => $"cannot reach the hub at {hub.Address}: {detail}{Cause(ex)}",
            StatusCode.DeadlineExceeded => $"the hub at {hub.Address} did not answer within {hub.Timeout.TotalSeconds:0} s (--timeout).",
            StatusCode.NotFound => $"not found: {detail}",
            StatusCode.Unauthenticated => $"the hub did not accept the caller's credentials: {detail}",
            StatusCode.PermissionDenied => $"not allowed: {detail}",
            StatusCode.Unimplemented => $"the hub at {hub.Address} does not offer this yet: {detail}",
            StatusCode.ResourceExhausted => $"the hub refused the call as too large or too many: {detail}",
            _ => $"the call failed with {ex.StatusCode}: {detail}",
        };
        Consoles.Error.WriteLine($"hubctl: {sentence}");
        WriteFieldViolations(ex);
        return ExitCodeOf(ex.StatusCode);
    }

    // The socket error behind UNAVAILABLE (e.g. "Connection refused") says more than the gRPC text.
    private static string Cause(RpcException ex)
    {
        var inner = ex.Status.DebugException;
        while (inner?.InnerException is not null)
            inner = inner.InnerException;
        return inner is null ? "" : $" ({inner.Message})";
    }

    // INVALID_ARGUMENT carries google.rpc.BadRequest with one violation per bad field, e.g. mappings[0].canonical_code.
    private static void WriteFieldViolations(RpcException ex)
    {
        var badRequest = ex.GetRpcStatus()?.GetDetail<BadRequest>();
        if (badRequest is null || badRequest.FieldViolations.Count == 0)
            return;
        var table = Tables.Create("field", "problem");
        foreach (var violation in badRequest.FieldViolations)
            Tables.AddRow(table, violation.Field, violation.Description);
        Consoles.Error.Write(table);
    }
}
