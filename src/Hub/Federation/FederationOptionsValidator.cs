using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Federation;

/// <summary>Checks <c>Hub:Federation</c> at start; every failure names its full configuration key.</summary>
public sealed class FederationOptionsValidator : IValidateOptions<HubOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var errors = new List<string>();
        var f = options.Federation;
        const string p = FederationOptions.Section;
        Between(errors, $"{p}:FacetTimeout", f.FacetTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        Between(errors, $"{p}:DeadlineMargin", f.DeadlineMargin, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Between(errors, $"{p}:RegistryRefresh", f.RegistryRefresh, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10));
        Between(errors, $"{p}:LatencyWindow", f.LatencyWindow, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
        if (f.AdapterApiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            errors.Add($"{p}:AdapterApiKey must not contain spaces or control characters.");
        if (f.Retry.MaxRetries is < 0 or > 5)
            errors.Add($"{p}:Retry:MaxRetries must be between 0 and 5, got {f.Retry.MaxRetries}.");
        Between(errors, $"{p}:Retry:Delay", f.Retry.Delay, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        if (double.IsNaN(f.Breaker.FailureRatio) || f.Breaker.FailureRatio is < 0.01 or > 1)
            errors.Add($"{p}:Breaker:FailureRatio must be between 0.01 and 1, got {f.Breaker.FailureRatio}.");
        if (f.Breaker.MinimumThroughput is < 2 or > 10_000)
            errors.Add($"{p}:Breaker:MinimumThroughput must be between 2 and 10000, got {f.Breaker.MinimumThroughput}.");
        // Polly's own lower bound for both durations is 500 ms.
        Between(errors, $"{p}:Breaker:SamplingDuration", f.Breaker.SamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1));
        Between(errors, $"{p}:Breaker:BreakDuration", f.Breaker.BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1));
        Between(errors, $"{p}:Hedging:Delay", f.Hedging.Delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        if (f.Hedging.MaxHedgedAttempts is < 1 or > 3)
            errors.Add($"{p}:Hedging:MaxHedgedAttempts must be between 1 and 3, got {f.Hedging.MaxHedgedAttempts}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Between(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
            errors.Add($"{key} must be between {min:c} and {max:c}, got {value:c}.");
    }
}
