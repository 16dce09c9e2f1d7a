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
        Retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
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
                logger.LogWarning("Hub call failed ({Error}); attempt {Attempt} in {Delay:0.0} s",
                    Describe(args.Outcome.Exception), args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    /// <summary>The channel.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Retries any failure with exponential backoff until cancelled.</summary>
    public ResiliencePipeline Retry { get; }

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
