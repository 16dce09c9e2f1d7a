using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Hub.Contracts.V1;
using Hub.Federation;

namespace Hub.Security;

/// <summary>
/// Every call except health and reflection: authenticate, authorise (<see cref="CallAuthorizer"/>), filter the
/// answer to the caller's policy (<see cref="ResponseFilter"/>) and record what it revealed about residents
/// (<see cref="ReadRecorder"/>) before the answer leaves. Streams are filtered and recorded message by message.
/// </summary>
public sealed class AccessInterceptor(CallAuthorizer authorizer, ReadRecorder recorder, IAdapterRegistryStore adapters) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (MethodRules.IsOpen(context.Method))
            return await continuation(request, context);
        var access = await AuthorizeAsync(context, request);
        var response = ResponseFilter.Apply(await continuation(request, context), access.Policy);
        if (MethodRules.IsAudited(MethodRules.Rpc(context.Method)))
            await recorder.RecordAsync(access, request as IMessage, response as IMessage, context.CancellationToken);
        return response;
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (MethodRules.IsOpen(context.Method))
            return await continuation(requestStream, context);
        var access = await AuthorizeAsync(context, null);
        var response = ResponseFilter.Apply(await continuation(Guarded(requestStream, access, context), context), access.Policy);
        if (MethodRules.IsAudited(MethodRules.Rpc(context.Method)))
            await recorder.RecordAsync(access, null, response as IMessage, context.CancellationToken);
        return response;
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (MethodRules.IsOpen(context.Method))
        {
            await continuation(request, responseStream, context);
            return;
        }
        var access = await AuthorizeAsync(context, request);
        await continuation(request, new FilteringWriter<TResponse>(responseStream, access, recorder), context);
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (MethodRules.IsOpen(context.Method))
        {
            await continuation(requestStream, responseStream, context);
            return;
        }
        var access = await AuthorizeAsync(context, null);
        await continuation(Guarded(requestStream, access, context), new FilteringWriter<TResponse>(responseStream, access, recorder), context);
    }

    private async Task<AccessContext> AuthorizeAsync(ServerCallContext context, object? request)
    {
        try
        {
            return await authorizer.AuthorizeAsync(context, request);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied && AccessContext.Of(context) is { } access
                                      && MethodRules.IsAudited(MethodRules.Rpc(context.Method)))
        {
            await recorder.RecordRefusalAsync(access, request as IMessage, ex.StatusCode, context.CancellationToken);
            throw;
        }
    }

    // Push: the adapter named in the stream must belong to the department the caller may push for.
    private IAsyncStreamReader<TRequest> Guarded<TRequest>(IAsyncStreamReader<TRequest> inner, AccessContext access, ServerCallContext context) =>
        typeof(TRequest) == typeof(PushRequest) ? new IngestGuard<TRequest>(inner, access, adapters, context.CancellationToken) : inner;

    private sealed class IngestGuard<TRequest>(IAsyncStreamReader<TRequest> inner, AccessContext access, IAdapterRegistryStore adapters,
        CancellationToken callToken) : IAsyncStreamReader<TRequest>
    {
        private string? _checkedAdapter;

        public TRequest Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
                return false;
            if (inner.Current is PushRequest push && push.AdapterId != _checkedAdapter && push.AdapterId.Length is > 0 and <= 64)
            {
                // An unknown adapter passes: the service answers that it must register first (which needs the grant).
                if (await adapters.GetAsync(push.AdapterId, callToken) is { } adapter && !access.Policy.AllowsIngest(adapter.Department))
                    throw CallAuthorizer.Denied($"ingest:{adapter.Department}", " (an adapter may push only its own department's records)");
                _checkedAdapter = push.AdapterId;
            }
            return true;
        }
    }

    private sealed class FilteringWriter<TResponse>(IServerStreamWriter<TResponse> inner, AccessContext access, ReadRecorder recorder)
        : IServerStreamWriter<TResponse> where TResponse : class
    {
        public WriteOptions? WriteOptions { get => inner.WriteOptions; set => inner.WriteOptions = value; }

        public Task WriteAsync(TResponse message) => inner.WriteAsync(Filtered(message));

        public Task WriteAsync(TResponse message, CancellationToken cancellationToken) => inner.WriteAsync(Filtered(message), cancellationToken);

        private TResponse Filtered(TResponse message)
        {
            var filtered = ResponseFilter.Apply(message, access.Policy);
            if (filtered is IMessage m && MethodRules.IsAudited(MethodRules.Rpc(access.Method)))
                recorder.Enqueue(access, m);
            return filtered;
        }
    }
}
