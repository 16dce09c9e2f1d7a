using Grpc.Core;
using Hub.Grpc;
using Hub.Tests.Helpers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Tests.Grpc;

/// <summary>
/// The call log tells an aborted or cancelled call (a client gone, an adapter's Push stream cut at shutdown) from a
/// fault of the hub: the first ends as CANCELLED and is logged below warning, the second is logged as an error.
/// </summary>
public sealed class CallLoggingInterceptorTests
{
    private const string PushMethod = "/hub.v1.IngestService/Push";

    [Fact]
    public async Task StreamAbortedAtShutdown_CancelledNotError()
    {
        // What Kestrel throws from a request stream it aborts while the hub stops; the call's token may not show it yet.
        var aborted = new IOException("The request stream was aborted.", new ConnectionAbortedException("The connection was aborted because the server is shutting down."));
        var (status, log) = await RunDuplexAsync(aborted, cancelToken: false);

        Assert.Equal(StatusCode.Cancelled, status);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("Cancelled") && e.Message.Contains(PushMethod));
    }

    [Fact]
    public async Task ClientResetTheStream_CancelledNotError()
    {
        var (status, log) = await RunDuplexAsync(new IOException("The client reset the request stream."), cancelToken: true);

        Assert.Equal(StatusCode.Cancelled, status);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task OperationCancelledByTheCallsToken_CancelledNotError()
    {
        var (status, log) = await RunDuplexAsync(new OperationCanceledException(), cancelToken: true);

        Assert.Equal(StatusCode.Cancelled, status);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task ConnectionReset_CancelledNotError()
    {
        var (status, log) = await RunDuplexAsync(new ConnectionResetException("Connection reset by peer"), cancelToken: false);

        Assert.Equal(StatusCode.Cancelled, status);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task FaultOfTheHub_StillAnError()
    {
        // The same kinds of exception on a live call are real faults and must not be hidden as cancellations.
        foreach (var fault in new Exception[] { new InvalidOperationException("bug"), new IOException("disk full"), new OperationCanceledException("timeout") })
        {
            var (status, log) = await RunDuplexAsync(fault, cancelToken: false);

            Assert.Equal(StatusCode.Internal, status);
            Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Exception == fault);
        }
    }

    // Runs a duplex call whose handler throws `thrown`; returns the status the call log recorded and the log.
    private static async Task<(StatusCode Status, ListLogger Log)> RunDuplexAsync(Exception thrown, bool cancelToken)
    {
        var log = new ListLogger();
        var interceptor = new CallLoggingInterceptor(log);
        using var cancel = new CancellationTokenSource();
        if (cancelToken)
            await cancel.CancelAsync();
        var context = new FakeCallContext(PushMethod, cancel.Token);
        try
        {
            await interceptor.DuplexStreamingServerHandler<string, string>(null!, null!, context, (_, _, _) => Task.FromException(thrown));
        }
        catch (RpcException ex)
        {
            Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        }
        catch (Exception ex)
        {
            Assert.Same(thrown, ex);
        }
        var line = log.Entries.Single(e => e.Message.Contains(" called "));
        return (line.Message.Contains(": Cancelled ") ? StatusCode.Cancelled : line.Message.Contains(": Internal ") ? StatusCode.Internal : StatusCode.Unknown, log);
    }

    private sealed record Entry(LogLevel Level, string Message, Exception? Exception);

    private sealed class ListLogger : ILogger<CallLoggingInterceptor>
    {
        public List<Entry> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
                Entries.Add(new Entry(logLevel, formatter(state, exception), exception));
        }
    }
}
