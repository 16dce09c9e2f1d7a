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
public sealed class AccessInterceptor(CallAuthorizer authorizer, ReadRecorder recorder, IAdapterRegistryStore adapters, TimeProvider time) : Interceptor
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
        var stream = new StreamAccess(authorizer, time, context, await AuthorizeAsync(context, null));
        var response = await continuation(Checked(requestStream, stream, context), context);
        var access = await stream.CurrentAsync(context.CancellationToken);
        response = ResponseFilter.Apply(response, access.Policy);
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
        var stream = new StreamAccess(authorizer, time, context, await AuthorizeAsync(context, request));
        await continuation(request, new FilteringWriter<TResponse>(responseStream, stream, recorder, context), context);
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
        var stream = new StreamAccess(authorizer, time, context, await AuthorizeAsync(context, null));
        await continuation(Checked(requestStream, stream, context), new FilteringWriter<TResponse>(responseStream, stream, recorder, context), context);
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

    private CheckedReader<TRequest> Checked<TRequest>(IAsyncStreamReader<TRequest> inner, StreamAccess stream, ServerCallContext context) =>
        new(inner, stream, typeof(TRequest) == typeof(PushRequest) ? adapters : null, context.CancellationToken);

    /// <summary>
    /// The access of one open stream. Streams live long (an adapter's Push stream for days, a WatchCases subscription as
    /// long as its consumer runs), so the caller is checked again before each message once the access tables have
    /// changed, and at least every <see cref="RecheckEvery"/> (a key that expires while the stream is open): a revoked key,
    /// a removed grant or a narrowed policy stops or narrows the stream at its next message, not at its next reconnect.
    /// </summary>
    internal sealed class StreamAccess(CallAuthorizer authorizer, TimeProvider time, ServerCallContext context, AccessContext access)
    {
        /// <summary>The longest an open stream goes on under one check.</summary>
        public static readonly TimeSpan RecheckEvery = TimeSpan.FromMinutes(1);

        private readonly SemaphoreSlim _checking = new(1, 1);
        private AccessContext _current = access;
        // The hub's clock, the one key expiry is judged by: a key that expires while the stream is open is found out
        // within a minute of its expiry on that clock.
        private long _checkedAt = time.GetTimestamp();

        /// <summary>The access to apply to the next message; throws UNAUTHENTICATED or PERMISSION_DENIED once it is gone.</summary>
        public async ValueTask<AccessContext> CurrentAsync(CancellationToken cancellationToken)
        {
            // A duplex call reads and writes on two tasks; one check at a time keeps the current access consistent.
            await _checking.WaitAsync(cancellationToken);
            try
            {
                var now = time.GetTimestamp();
                var force = time.GetElapsedTime(_checkedAt, now) > RecheckEvery;
                _current = await authorizer.RecheckAsync(context, _current, force, cancellationToken);
                if (force)
                    _checkedAt = now;
                return _current;
            }
            finally
            {
                _checking.Release();
            }
        }
    }

    // Push: the adapter named in the stream must belong to the department the caller may push for, under the policy of now.
    private sealed class CheckedReader<TRequest>(IAsyncStreamReader<TRequest> inner, StreamAccess stream, IAdapterRegistryStore? adapters,
        CancellationToken callToken) : IAsyncStreamReader<TRequest>
    {
        private string? _checkedAdapter;
        private CallerPolicy? _checkedPolicy;

        public TRequest Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
                return false;
            var access = await stream.CurrentAsync(callToken);
            if (adapters is not null && inner.Current is PushRequest push && push.AdapterId.Length is > 0 and <= 64
                && (push.AdapterId != _checkedAdapter || !ReferenceEquals(access.Policy, _checkedPolicy)))
            {
                // An unknown adapter passes: the service answers that it must register first (which needs the grant).
                if (await adapters.GetAsync(push.AdapterId, callToken) is { } adapter && !access.Policy.AllowsIngest(adapter.Department))
                    throw CallAuthorizer.Denied($"ingest:{adapter.Department}", " (an adapter may push only its own department's records)");
                (_checkedAdapter, _checkedPolicy) = (push.AdapterId, access.Policy);
            }
            return true;
        }
    }

    private sealed class FilteringWriter<TResponse>(IServerStreamWriter<TResponse> inner, StreamAccess stream, ReadRecorder recorder,
        ServerCallContext context) : IServerStreamWriter<TResponse> where TResponse : class
    {
        public WriteOptions? WriteOptions { get => inner.WriteOptions; set => inner.WriteOptions = value; }

        public async Task WriteAsync(TResponse message) => await inner.WriteAsync(await FilteredAsync(message, context.CancellationToken));

        public async Task WriteAsync(TResponse message, CancellationToken cancellationToken) =>
            await inner.WriteAsync(await FilteredAsync(message, cancellationToken), cancellationToken);

        private async ValueTask<TResponse> FilteredAsync(TResponse message, CancellationToken cancellationToken)
        {
            var access = await stream.CurrentAsync(cancellationToken);
            var filtered = ResponseFilter.Apply(message, access.Policy);
            if (filtered is IMessage m && MethodRules.IsAudited(MethodRules.Rpc(access.Method)))
                recorder.Enqueue(access, m);
            return filtered;
        }
    }
}
