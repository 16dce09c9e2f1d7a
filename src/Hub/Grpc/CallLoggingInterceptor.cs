using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Connections;

namespace Hub.Grpc;

/// <summary>Writes one structured line per gRPC call: caller, method, status and duration.</summary>
public sealed partial class CallLoggingInterceptor(ILogger<CallLoggingInterceptor> logger) : Interceptor
{
    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Logged(context, () => continuation(request, context));

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Logged(context, () => continuation(requestStream, context));

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Logged(context, async () => { await continuation(request, responseStream, context); return true; });

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Logged(context, async () => { await continuation(requestStream, responseStream, context); return true; });

    /// <summary>
    /// True when <paramref name="ex"/> is the call being cancelled or its stream aborted (the client went away, reset
    /// the stream, or the hub is shutting down and closed the connection), not a fault of the hub. Kestrel reports an
    /// aborted stream as an <see cref="IOException"/> (or a <see cref="ConnectionAbortedException"/>, which is an
    /// <see cref="OperationCanceledException"/>), and it may surface before the call's token shows the cancellation.
    /// </summary>
    public static bool IsCancellation(Exception ex, ServerCallContext context)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is ConnectionAbortedException or ConnectionResetException)
                return true;
            // Once the call is cancelled, whatever failed with it was a consequence of the abort.
            if (context.CancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or InvalidOperationException)
                return true;
        }
        return false;
    }

    private async Task<T> Logged<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            var result = await call();
            status = context.Status.StatusCode;
            return result;
        }
        catch (RpcException ex)
        {
            status = ex.StatusCode;
            throw;
        }
        catch (Exception ex) when (IsCancellation(ex, context))
        {
            status = StatusCode.Cancelled;
            LogAborted(logger, context.Method, ex);
            // As an RpcException gRPC ends the call as CANCELLED and logs it at information; any other exception it
            // logs as an error of the service ("Error when executing service method"), which an abort is not.
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled or its stream aborted", ex));
        }
        catch (Exception ex)
        {
            status = StatusCode.Internal;
            LogUnhandled(logger, context.Method, ex);
            throw;
        }
        finally
        {
            // Checked first: at the default Warning level of a busy hub this line is not written, and its arguments
            // (boxed numbers, the caller, the peer) would otherwise be built on every call for nothing.
            if (logger.IsEnabled(LogLevel.Information))
                LogCall(logger, CallerIdentity.Of(context), context.Method, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.Peer);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Caller} called {Method}: {StatusCode} in {ElapsedMs:0.000} ms (peer {Peer})")]
    private static partial void LogCall(ILogger logger, string caller, string method, StatusCode statusCode, double elapsedMs, string peer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method}")]
    private static partial void LogUnhandled(ILogger logger, string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} ended by cancellation or an aborted stream")]
    private static partial void LogAborted(ILogger logger, string method, Exception exception);
}
