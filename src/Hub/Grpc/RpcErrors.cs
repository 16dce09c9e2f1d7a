using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Hub.Grpc;

/// <summary>Builds the hub's gRPC errors: INVALID_ARGUMENT carries <c>google.rpc.BadRequest</c> field violations.</summary>
public static class RpcErrors
{
    // The details travel in HTTP/2 trailers, which clients limit (64 KiB by default): a request with thousands of
    // bad items, or bad values echoed back, must still get a readable answer.
    private const int MaxViolations = 50;
    private const int MaxViolationText = 200;

    /// <summary>INVALID_ARGUMENT naming every bad field (the first 50, when there are more).</summary>
    public static RpcException InvalidArgument(IEnumerable<(string Field, string Reason)> violations)
    {
        var all = violations.ToList();
        var request = new BadRequest();
        request.FieldViolations.AddRange(all.Take(MaxViolations).Select(v => new BadRequest.Types.FieldViolation
        {
            Field = Shorten(v.Field), Description = Shorten(v.Reason),
        }));
        if (all.Count > MaxViolations)
            request.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "", Description = $"and {all.Count - MaxViolations} more violations" });
        var message = string.Join("; ", request.FieldViolations.Take(5).Select(v => $"{v.Field}: {v.Description}"));
        if (all.Count > 5)
            message += $"; and {all.Count - 5} more";
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Any.Pack(request) },
        }.ToRpcException();
    }

    private static string Shorten(string text) => text.Length <= MaxViolationText ? text : string.Concat(text.AsSpan(0, MaxViolationText), "…");

    /// <summary>INVALID_ARGUMENT for one field.</summary>
    public static RpcException InvalidArgument(string field, string reason) => InvalidArgument([(field, reason)]);

    /// <summary>Throws INVALID_ARGUMENT when <paramref name="violations"/> is not empty.</summary>
    public static void ThrowIfAny(List<(string Field, string Reason)> violations)
    {
        if (violations.Count > 0)
            throw InvalidArgument(violations);
    }

    /// <summary>NOT_FOUND with a message.</summary>
    [DoesNotReturn]
    public static void NotFound(string message) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, Shorten(message)));

    /// <summary>FAILED_PRECONDITION with a message.</summary>
    public static RpcException FailedPrecondition(string message) => new(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, Shorten(message)));
}
