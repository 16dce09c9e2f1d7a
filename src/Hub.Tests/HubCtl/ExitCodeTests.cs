using Grpc.Core;
using Hub.Ctl;

namespace Hub.Tests.HubCtl;

/// <summary>The mapping of gRPC status codes onto hubctl's documented exit codes.</summary>
public sealed class ExitCodeTests
{
    [Theory]
    [InlineData(StatusCode.OK, 0)]
    [InlineData(StatusCode.InvalidArgument, 1)]
    [InlineData(StatusCode.FailedPrecondition, 1)]
    [InlineData(StatusCode.Unavailable, 3)]
    [InlineData(StatusCode.DeadlineExceeded, 3)]
    [InlineData(StatusCode.NotFound, 4)]
    [InlineData(StatusCode.Unauthenticated, 5)]
    [InlineData(StatusCode.PermissionDenied, 5)]
    [InlineData(StatusCode.Unimplemented, 6)]
    [InlineData(StatusCode.Internal, 7)]
    [InlineData(StatusCode.ResourceExhausted, 7)]
    [InlineData(StatusCode.Unknown, 7)]
    public void ExitCodeOf_StatusCode_DocumentedExitCode(StatusCode status, int expected) =>
        Assert.Equal(expected, ErrorReporter.ExitCodeOf(status));
}
