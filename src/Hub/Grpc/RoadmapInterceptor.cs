using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Hub.Grpc;

/// <summary>
/// Turns the bare <c>UNIMPLEMENTED</c> of a generated service base into one that says which
/// capability is missing (see <see cref="Roadmap"/>). Every other outcome passes through untouched.
/// </summary>
public sealed class RoadmapInterceptor : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (RpcException ex) when (Explained(ex, context) is { } explained) { throw explained; }
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (RpcException ex) when (Explained(ex, context) is { } explained) { throw explained; }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (RpcException ex) when (Explained(ex, context) is { } explained) { throw explained; }
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (RpcException ex) when (Explained(ex, context) is { } explained) { throw explained; }
    }

    // Only the generated base's own refusal (UNIMPLEMENTED with an empty detail) is rewritten.
    private static RpcException? Explained(RpcException ex, ServerCallContext context) =>
        ex.StatusCode == StatusCode.Unimplemented && string.IsNullOrEmpty(ex.Status.Detail)
            && Roadmap.Explain(context.Method) is { } text
            ? new RpcException(new Status(StatusCode.Unimplemented, text))
            : null;
}
