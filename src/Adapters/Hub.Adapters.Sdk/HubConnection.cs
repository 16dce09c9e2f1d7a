using Grpc.Core;
using Grpc.Net.Client;
using Polly;
using Polly.Retry;

namespace Hub.Adapters;

/// <summary>The adapter's channel to the hub, the credentials it sends, and its retry policy.</summary>
public sealed class HubConnection : IDisposable
{
    private readonly Metadata _headers = [];
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;

    /// <summary>Opens a channel to <see cref="AdapterOptions.Hub"/>.</summary>
    public HubConnection(AdapterOptions options, TimeProvider time, ILogger<HubConnection> logger)
    {
        _time = time;
        Channel = GrpcChannel.ForAddress(options.Hub, new GrpcChannelOptions
        {
            ThrowOperationCanceledOnCancellation = true,
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(20),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                ConnectTimeout = TimeSpan.FromSeconds(5),
            },
        });
        if (options.ApiKey.Length > 0)
            _headers.Add("authorization", "Bearer " + options.ApiKey);
        // Every failure to reach the hub is retried, forever, with a growing jittered delay: the adapter
        // never gives up on its backlog, and a stopped hub is not hammered.
        _retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            // A cancelled call that the host did not cancel (a reset stream) is a failure like any other;
            // when the host stops, Polly sees its token and ends the retries.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = options.MaxRetryDelay,
            OnRetry = args =>
            {
                var operation = args.Context.OperationKey ?? "Hub call";
                // Refused credentials or grants need a person: say so, louder, and keep retrying so a fix takes effect without a restart.
                if (args.Outcome.Exception is RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied })
                    logger.LogError("{Operation} refused by the hub ({Error}): an admin must fix this adapter's API key (Adapter:ApiKey) " +
                        "or its caller policy; attempt {Attempt} in {Delay:0.0} s",
                        operation, Describe(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                else
                    logger.LogWarning("{Operation} failed ({Error}); attempt {Attempt} in {Delay:0.0} s",
                        operation, Describe(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    /// <summary>The channel.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Runs <paramref name="callback"/>, retrying any failure with exponential backoff until cancelled; its retries are logged as <paramref name="operation"/>.</summary>
    public async Task<T> RetryAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> callback, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await _retry.ExecuteAsync(static (c, f) => f(c.CancellationToken), context, callback);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc cref="RetryAsync{T}"/>
    public Task RetryAsync(string operation, Func<CancellationToken, ValueTask> callback, CancellationToken cancellationToken) =>
        RetryAsync(operation, async ct =>
        {
            await callback(ct);
            return true;
        }, cancellationToken);

    /// <summary>Call options carrying the credentials, a deadline when given, and the token.</summary>
    public CallOptions Call(CancellationToken cancellationToken, TimeSpan? deadline = null) =>
        new(_headers, deadline is { } d ? _time.GetUtcNow().UtcDateTime + d : null, cancellationToken);

    /// <summary>A short description of a failure for the log.</summary>
    public static string Describe(Exception? e) => e switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        null => "no error",
        _ => e.GetType().Name + ": " + e.Message,
    };

    /// <inheritdoc />
    public void Dispose() => Channel.Dispose();
}
