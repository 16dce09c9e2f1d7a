using Grpc.Core;
using Hub.Contracts.V1;
using Polly;
using Polly.CircuitBreaker;
using Polly.Hedging;
using Polly.Retry;

namespace Hub.Federation;

/// <summary>
/// Builds the resilience pipeline of one adapter, outermost first: retry on UNAVAILABLE (or, when
/// configured, hedging instead) and the adapter's circuit breaker. The deadline of each attempt is the
/// facet's absolute deadline, which the caller's own deadline bounds, given to the gRPC call itself
/// (see <see cref="FacetFetcher"/>): the channel already runs one timer per call for it, so a Polly
/// timeout strategy would only add a second timer and token source per facet. The channel reports an
/// expired deadline as DEADLINE_EXCEEDED, which the breaker counts as a failure, and the caller going
/// away as CANCELLED, which it does not.
/// </summary>
public static class FacetPipeline
{
    /// <summary>
    /// Builds the pipeline; <paramref name="opened"/> is told when the breaker opens and until when it
    /// then refuses calls, <paramref name="closed"/> when it closes.
    /// </summary>
    public static ResiliencePipeline<Facet> Build(string adapterId, FederationOptions options, TimeProvider time,
        CircuitBreakerStateProvider stateProvider, Action<DateTimeOffset, DateTimeOffset> opened, Action closed)
    {
        var builder = new ResiliencePipelineBuilder<Facet> { Name = "adapter", InstanceName = adapterId, TimeProvider = time };
        if (options.Hedging.Enabled)
        {
            builder.AddHedging(new HedgingStrategyOptions<Facet>
            {
                MaxHedgedAttempts = options.Hedging.MaxHedgedAttempts,
                Delay = options.Hedging.Delay,
                ShouldHandle = args => ValueTask.FromResult(IsUnavailable(args.Outcome.Exception)),
            });
        }
        else if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Facet>
            {
                MaxRetryAttempts = options.Retry.MaxRetries,
                Delay = options.Retry.Delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Only UNAVAILABLE: the read is idempotent, and the request most likely never reached the adapter.
                ShouldHandle = args => ValueTask.FromResult(IsUnavailable(args.Outcome.Exception)),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<Facet>
        {
            FailureRatio = options.Breaker.FailureRatio,
            MinimumThroughput = options.Breaker.MinimumThroughput,
            SamplingDuration = options.Breaker.SamplingDuration,
            BreakDuration = options.Breaker.BreakDuration,
            StateProvider = stateProvider,
            ShouldHandle = args => ValueTask.FromResult(IsAdapterFailure(args.Outcome.Exception)),
            OnOpened = args =>
            {
                var now = time.GetUtcNow();
                opened(now, now + args.BreakDuration);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                closed();
                return ValueTask.CompletedTask;
            },
        });
        return builder.Build();
    }

    private static bool IsUnavailable(Exception? ex) => ex is RpcException { StatusCode: StatusCode.Unavailable };

    // What says the adapter is unwell; a refusal (PERMISSION_DENIED) or a missing record (NOT_FOUND) is an answer, not a failure.
    private static bool IsAdapterFailure(Exception? ex) => ex switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted,
        _ => false,
    };
}
