using Hub.Federation;
using Hub.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Federation;

public sealed class FederationOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new FederationOptionsValidator().Validate(null, new HubOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NameEachKey()
    {
        var options = new HubOptions();
        options.Federation.FacetTimeout = TimeSpan.Zero;
        options.Federation.Retry.MaxRetries = 9;
        options.Federation.Breaker.BreakDuration = TimeSpan.FromMilliseconds(10);
        options.Federation.Hedging.MaxHedgedAttempts = 0;

        var failures = new FederationOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Hub:Federation:FacetTimeout ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hub:Federation:Retry:MaxRetries ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hub:Federation:Breaker:BreakDuration ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hub:Federation:Hedging:MaxHedgedAttempts ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HubStart_MisspeltFederationKey_FailsNamingIt()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var hub = await Helpers.TestHub.StartAsync("--Hub:Federation:Breaker:BreakDurationn=00:00:05");
        });
        Assert.Contains("BreakDurationn", ex.ToString());
    }

    [Fact]
    public async Task HubStart_BadFederationValue_FailsNamingTheKey()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var hub = await Helpers.TestHub.StartAsync("--Hub:Federation:Breaker:FailureRatio=2");
        });
        Assert.Contains("Hub:Federation:Breaker:FailureRatio", ex.Message);
    }

    [Fact]
    public void LatencyWindow_Percentiles_WithinBucketPrecisionAndForgetOldCalls()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var window = new LatencyWindow(TimeSpan.FromMinutes(5), time);
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero, 0L), window.Percentiles());

        for (var i = 1; i <= 100; i++)
            window.Record(TimeSpan.FromMilliseconds(i));
        var (p50, p99, count) = window.Percentiles();

        Assert.Equal(100, count);
        Assert.InRange(p50.TotalMilliseconds, 50, 50 * 1.05);
        Assert.InRange(p99.TotalMilliseconds, 99, 99 * 1.05);

        time.Advance(TimeSpan.FromMinutes(3));
        window.Record(TimeSpan.FromSeconds(2));
        Assert.Equal(101, window.Percentiles().Count);
        time.Advance(TimeSpan.FromMinutes(3));
        var (late50, _, lateCount) = window.Percentiles();
        Assert.Equal(1, lateCount);
        Assert.InRange(late50.TotalSeconds, 2, 2 * 1.05);
    }
}
