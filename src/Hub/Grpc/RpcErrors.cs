using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Hub.Grpc;

/// <summary>Builds the hub's gRPC errors: INVALID_ARGUMENT carries <c>google.rpc.BadRequest</c> field violations.</summary>
public static class RpcErrors
{
    /// <summary>INVALID_ARGUMENT naming every bad field.</summary>
    public static RpcException InvalidArgument(IEnumerable<(string Field, string Reason)> violations)
    {
        var request = new BadRequest();
        request.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Reason }));
        var message = string.Join("; ", request.FieldViolations.Take(5).Select(v => $"{v.Field}: {v.Description}"));
        if (request.FieldViolations.Count > 5)
            message += $"; and {request.FieldViolations.Count - 5} more";
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Any.Pack(request) },
        }.ToRpcException();
    }

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
    public static void NotFound(string message) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, message));

    /// <summary>FAILED_PRECONDITION with a message.</summary>
    public static RpcException FailedPrecondition(string message) => new(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, message));
}
