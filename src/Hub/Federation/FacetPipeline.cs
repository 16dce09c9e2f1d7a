using Grpc.Core;
using Hub.Contracts.V1;
using Polly;
using Polly.CircuitBreaker;
using Polly.Hedging;
using Polly.Retry;
using Polly.Timeout;

namespace Hub.Federation;

/// <summary>
/// Builds the resilience pipeline of one adapter, outermost first: retry on UNAVAILABLE (or, when
/// configured, hedging instead), the adapter's circuit breaker, and the deadline of each attempt
/// (the time left until the facet's absolute deadline, which the caller's own deadline bounds).
/// The deadline sits innermost so the breaker counts a timeout as a failure and tells it from the
/// caller going away.
/// </summary>
public static class FacetPipeline
{
    /// <summary>The facet's absolute deadline, set on each execution's context.</summary>
    public static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("hub.facet-deadline");

    /// <summary>Builds the pipeline; <paramref name="opened"/> and <paramref name="closed"/> are told of breaker changes.</summary>
    public static ResiliencePipeline<GetFacetResponse> Build(string adapterId, FederationOptions options, TimeProvider time,
        CircuitBreakerStateProvider stateProvider, Action<DateTimeOffset> opened, Action closed)
    {
        var builder = new ResiliencePipelineBuilder<GetFacetResponse> { Name = "adapter", InstanceName = adapterId, TimeProvider = time };
        if (options.Hedging.Enabled)
        {
            builder.AddHedging(new HedgingStrategyOptions<GetFacetResponse>
            {
                MaxHedgedAttempts = options.Hedging.MaxHedgedAttempts,
                Delay = options.Hedging.Delay,
                ShouldHandle = args => ValueTask.FromResult(IsUnavailable(args.Outcome.Exception)),
            });
        }
        else if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<GetFacetResponse>
            {
                MaxRetryAttempts = options.Retry.MaxRetries,
                Delay = options.Retry.Delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Only UNAVAILABLE: the read is idempotent, and the request most likely never reached the adapter.
                ShouldHandle = args => ValueTask.FromResult(IsUnavailable(args.Outcome.Exception)),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<GetFacetResponse>
        {
            FailureRatio = options.Breaker.FailureRatio,
            MinimumThroughput = options.Breaker.MinimumThroughput,
            SamplingDuration = options.Breaker.SamplingDuration,
            BreakDuration = options.Breaker.BreakDuration,
            StateProvider = stateProvider,
            ShouldHandle = args => ValueTask.FromResult(IsAdapterFailure(args.Outcome.Exception)),
            OnOpened = _ =>
            {
                opened(time.GetUtcNow());
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                closed();
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args =>
            {
                var left = args.Context.Properties.GetValue(DeadlineKey, DateTimeOffset.MinValue) - time.GetUtcNow();
                // Zero would mean "no timeout" to Polly: a spent budget still times out at once.
                return ValueTask.FromResult(left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1));
            },
        });
        return builder.Build();
    }

    private static bool IsUnavailable(Exception? ex) => ex is RpcException { StatusCode: StatusCode.Unavailable };

    // What says the adapter is unwell; a refusal (PERMISSION_DENIED) or a missing record (NOT_FOUND) is an answer, not a failure.
    private static bool IsAdapterFailure(Exception? ex) => ex switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted,
        TimeoutRejectedException => true,
        _ => false,
    };
}
