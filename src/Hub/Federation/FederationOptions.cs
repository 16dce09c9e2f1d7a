namespace Hub.Federation;

/// <summary>Live reads from department adapters (<c>Hub:Federation</c>).</summary>
public sealed class FederationOptions
{
    /// <summary>The configuration section, below <c>Hub</c>.</summary>
    public const string Section = "Hub:Federation";

    /// <summary>Longest the hub waits for one department's facet, whatever the caller's own deadline (10 ms .. 5 min).</summary>
    public TimeSpan FacetTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Time kept back from the caller's gRPC deadline for assembling and sending the answer: a facet's
    /// deadline is the caller's deadline minus this, capped by <see cref="FacetTimeout"/> (0 .. 10 s).
    /// </summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often the hub re-reads the adapter registry, for adapters registered through another hub replica (50 ms .. 10 min).</summary>
    public TimeSpan RegistryRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Window of the latency percentiles shown per adapter (10 s .. 1 h).</summary>
    public TimeSpan LatencyWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The hub's own API key, sent to adapters as <c>authorization: Bearer</c>; empty sends none.</summary>
    public string AdapterApiKey { get; set; } = "";

    /// <summary>
    /// Send the caller's W3C trace context (<c>traceparent</c>) on to the adapters. Off by default: nothing in the hub
    /// or its adapters reads it, and with it the HTTP client runs a diagnostics stage on every facet read (an Activity,
    /// its tags and the header, four times per resident read).
    /// </summary>
    public bool PropagateTraceContext { get; set; }

    /// <summary>Retries of a facet read that failed with UNAVAILABLE.</summary>
    public RetrySettings Retry { get; set; } = new();

    /// <summary>The circuit breaker of each adapter.</summary>
    public BreakerSettings Breaker { get; set; } = new();

    /// <summary>Hedged facet reads (a second request when the first is slow).</summary>
    public HedgingSettings Hedging { get; set; } = new();
}

/// <summary>Retry of idempotent facet reads that failed with UNAVAILABLE (<c>Hub:Federation:Retry</c>).</summary>
public sealed class RetrySettings
{
    /// <summary>Retries after the first attempt (0 .. 5); 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 1;

    /// <summary>Pause before the first retry, doubled for each further one, with jitter (0 .. 10 s).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(20);
}

/// <summary>Circuit breaker per adapter (<c>Hub:Federation:Breaker</c>).</summary>
public sealed class BreakerSettings
{
    /// <summary>Share of failed calls in the sampling window that opens the breaker (0.01 .. 1).</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls the sampling window must hold before the ratio counts (2 .. 10,000).</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>Window over which failures are counted (at least 500 ms, at most 1 h).</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open breaker refuses calls before a trial call (at least 500 ms, at most 1 h).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Hedging of facet reads (<c>Hub:Federation:Hedging</c>); off by default.</summary>
public sealed class HedgingSettings
{
    /// <summary>Send a second request to the adapter when the first has not answered after <see cref="Delay"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long the first request may take before the hedged one is sent (1 ms .. 1 min).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Hedged requests after the first (1 .. 3).</summary>
    public int MaxHedgedAttempts { get; set; } = 1;
}
