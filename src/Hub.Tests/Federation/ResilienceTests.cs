using System.Diagnostics;
using Grpc.Health.V1;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Federation;

/// <summary>Dead, slow and recovering adapters, with real adapter hosts and processes.</summary>
public sealed class ResilienceTests
{
    // Long enough that a healthy adapter on a busy test machine always answers in time.
    private static readonly TimeSpan FacetTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task GetResident_OneAdapterProcessKilled_ThatFacetUnavailableOthersOkWithinFacetDeadline()
    {
        await using var kit = await FederationKit.StartAsync($"--Hub:Federation:FacetTimeout={FacetTimeout:c}");
        foreach (var department in FederationKit.Departments.Where(d => d != "health"))
            await kit.StartHostAsync(department);
        var health = await kit.StartProcessAsync("health");
        await Eventually.TrueAsync(async () => (await kit.ReadAsync()).Facets.All(f => f.Status == FacetStatus.Ok), "every facet is read once");

        await health.KillAsync();
        var clock = Stopwatch.StartNew();
        var response = await kit.ReadAsync();
        clock.Stop();

        var dead = FederationKit.FacetOf(response, "health");
        Assert.Equal(FacetStatus.Unavailable, dead.Status);
        Assert.Contains("Unavailable", dead.StatusDetail);
        Assert.True(dead.Latency.ToTimeSpan() <= FacetTimeout, $"facet latency {dead.Latency.ToTimeSpan()} beyond its deadline {FacetTimeout}");
        Assert.All(response.Facets.Where(f => f.Department != "health"), f => Assert.Equal(FacetStatus.Ok, f.Status));
        // The answer is bounded by the facet deadline, not by the caller's 30-second one (plus room for the hub's own work).
        Assert.True(clock.Elapsed < FacetTimeout + TimeSpan.FromSeconds(2), $"answer took {clock.Elapsed}");
    }

    [Fact]
    public async Task GetResident_OneAdapterSlowedPastItsDeadline_TimedOutOthersOk()
    {
        await using var kit = await FederationKit.StartAsync($"--Hub:Federation:FacetTimeout={FacetTimeout:c}");
        foreach (var department in FederationKit.Departments.Where(d => d != "social-security"))
            await kit.StartHostAsync(department);
        var slow = await kit.StartHostAsync("social-security");
        slow.Settings.Delay = TimeSpan.FromSeconds(20);

        var clock = Stopwatch.StartNew();
        var response = await kit.ReadAsync();
        clock.Stop();

        var facet = FederationKit.FacetOf(response, "social-security");
        Assert.Equal(FacetStatus.TimedOut, facet.Status);
        // The facet deadline runs from the call's arrival, so on a busy machine the fetch itself may start late and time out sooner.
        Assert.InRange(facet.Latency.ToTimeSpan(), TimeSpan.FromMilliseconds(1), FacetTimeout + TimeSpan.FromSeconds(1));
        Assert.All(response.Facets.Where(f => f.Department != "social-security"), f => Assert.Equal(FacetStatus.Ok, f.Status));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answer took {clock.Elapsed}: the hub waited for the slow adapter");
    }

    [Fact]
    public async Task GetResident_CallerDeadlineShorterThanFacetTimeout_FacetDeadlineFollowsTheCaller()
    {
        // The margin is what the hub keeps for itself after the facet deadline (the answer, its audit entry): a full
        // second, so a loaded test machine still answers before the caller's own deadline (0.2 s was missed once).
        await using var kit = await FederationKit.StartAsync("--Hub:Federation:FacetTimeout=00:00:20", "--Hub:Federation:DeadlineMargin=00:00:01");
        var slow = await kit.StartHostAsync("health");
        slow.Settings.Delay = TimeSpan.FromSeconds(30);

        var response = await kit.Residents.GetResidentAsync(
            new GetResidentRequest { ResidentId = kit.ResidentId, Purpose = "care", Departments = { "health" } },
            deadline: Deadlines.In(TimeSpan.FromSeconds(4)));

        var facet = Assert.Single(response.Facets);
        Assert.Equal(FacetStatus.TimedOut, facet.Status);
        // The caller's 4 s less the 1 s margin, plus the timer's slack: within the caller's deadline, far below the 20 s facet timeout.
        Assert.True(facet.Latency.ToTimeSpan() < TimeSpan.FromSeconds(4), $"facet waited {facet.Latency.ToTimeSpan()}");
    }

    [Fact]
    public async Task GetResident_RepeatedFailures_BreakerOpensHubStopsWaiting_ThenClosesWhenAdapterIsBack()
    {
        await using var kit = await FederationKit.StartAsync($"--Hub:Federation:FacetTimeout={FacetTimeout:c}",
            "--Hub:Federation:Breaker:MinimumThroughput=3", "--Hub:Federation:Breaker:FailureRatio=0.5",
            "--Hub:Federation:Breaker:SamplingDuration=00:01:00", "--Hub:Federation:Breaker:BreakDuration=00:00:01");
        await kit.StartHostAsync("household");
        var health = await kit.StartHostAsync("health");
        Assert.Equal(FacetStatus.Ok, FederationKit.FacetOf(await kit.ReadAsync(), "health").Status);
        Assert.Equal(BreakerState.Closed, (await kit.AdapterAsync("health")).BreakerState);

        // Slowed past its deadline: each read waits the facet deadline, and the failures pile up until the breaker opens.
        health.Settings.Delay = TimeSpan.FromSeconds(20);
        var timedOut = 0;
        Facet open;
        while (true)
        {
            open = FederationKit.FacetOf(await kit.ReadAsync(), "health");
            if (open.Status != FacetStatus.TimedOut || ++timedOut > 10)
                break;
        }
        // Three calls make the minimum throughput; with one success before, two or three timeouts open it.
        Assert.InRange(timedOut, 2, 3);

        // Open: the hub answers at once for that department, without asking it.
        Assert.Equal(FacetStatus.Unavailable, open.Status);
        Assert.Contains("circuit breaker", open.StatusDetail);
        Assert.Equal(TimeSpan.Zero, open.Latency.ToTimeSpan());
        var info = await kit.AdapterAsync("health");
        Assert.Equal(BreakerState.Open, info.BreakerState);
        Assert.True(info.LatencyP99.ToTimeSpan() >= FacetTimeout - TimeSpan.FromMilliseconds(50));
        Assert.Equal(FacetStatus.Ok, FederationKit.FacetOf(await kit.ReadAsync(), "household").Status);

        // Back to normal: after the break a trial call succeeds, the breaker closes and the facet returns.
        health.Settings.Delay = TimeSpan.Zero;
        await Eventually.TrueAsync(async () => FederationKit.FacetOf(await kit.ReadAsync(), "health").Status == FacetStatus.Ok,
            "the health facet is read again");
        Assert.Equal(BreakerState.Closed, (await kit.AdapterAsync("health")).BreakerState);
    }

    [Fact]
    public async Task GetResident_BreakerOpen_HubAnswersForThatDepartmentWithoutAskingIt()
    {
        await using var kit = await FederationKit.StartAsync("--Hub:Federation:FacetTimeout=00:00:00.3",
            "--Hub:Federation:Breaker:MinimumThroughput=2", "--Hub:Federation:Breaker:FailureRatio=0.5",
            "--Hub:Federation:Breaker:SamplingDuration=00:01:00", "--Hub:Federation:Breaker:BreakDuration=00:05:00");
        var health = await kit.StartHostAsync("health");
        health.Settings.Delay = TimeSpan.FromSeconds(20);
        await Eventually.TrueAsync(async () => FederationKit.FacetOf(await kit.ReadAsync(), "health").Status == FacetStatus.Unavailable,
            "timeouts open the breaker");
        var asked = health.Settings.GetFacetCalls;

        for (var i = 0; i < 5; i++)
        {
            var facet = FederationKit.FacetOf(await kit.ReadAsync(), "health");
            Assert.Equal(FacetStatus.Unavailable, facet.Status);
            Assert.StartsWith("circuit breaker of adapter health-facets open since ", facet.StatusDetail);
            Assert.Equal(TimeSpan.Zero, facet.Latency.ToTimeSpan());
        }

        // Answered by the open breaker alone: not one more request reached the department.
        Assert.Equal(asked, health.Settings.GetFacetCalls);
        Assert.Equal(BreakerState.Open, (await kit.AdapterAsync("health")).BreakerState);
    }

    [Fact]
    public async Task GetResident_AdapterProcessKilledThenRestarted_BreakerOpensThenClosesAndFacetReturns()
    {
        await using var kit = await FederationKit.StartAsync($"--Hub:Federation:FacetTimeout={FacetTimeout:c}",
            "--Hub:Federation:Breaker:MinimumThroughput=2", "--Hub:Federation:Breaker:BreakDuration=00:00:01");
        var first = await kit.StartProcessAsync("health");
        Assert.Equal(FacetStatus.Ok, FederationKit.FacetOf(await kit.ReadAsync(), "health").Status);
        var health = new Health.HealthClient(kit.Hub.Channel);

        await first.KillAsync();
        await Eventually.TrueAsync(async () =>
        {
            Assert.Equal(FacetStatus.Unavailable, FederationKit.FacetOf(await kit.ReadAsync(), "health").Status);
            return (await kit.AdapterAsync("health")).BreakerState == BreakerState.Open;
        }, "the breaker of the killed adapter opens");
        var during = FederationKit.FacetOf(await kit.ReadAsync(), "health");
        Assert.Equal(FacetStatus.Unavailable, during.Status);
        Assert.Contains("circuit breaker", during.StatusDetail);
        // Still serving: a dead department degrades the hub, it does not stop it.
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest { Service = "adapters" }, deadline: Deadlines.Default())).Status);

        // The department's system comes back on the same address.
        await kit.StartProcessAsync("health", first.Address);
        await Eventually.TrueAsync(async () => FederationKit.FacetOf(await kit.ReadAsync(), "health").Status == FacetStatus.Ok,
            "the restarted adapter's facet returns");
        Assert.Equal(BreakerState.Closed, (await kit.AdapterAsync("health")).BreakerState);
    }

    [Fact]
    public async Task GetResident_AdapterMovesToAnotherEndpoint_HubFollowsTheRegistration()
    {
        await using var kit = await FederationKit.StartAsync();
        var before = await kit.StartHostAsync("health");
        Assert.Equal(FacetStatus.Ok, FederationKit.FacetOf(await kit.ReadAsync(), "health").Status);

        await before.DisposeAsync();
        var after = await kit.StartHostAsync("health");
        Assert.NotEqual(before.Address, after.Address);

        await Eventually.TrueAsync(async () => FederationKit.FacetOf(await kit.ReadAsync(), "health").Status == FacetStatus.Ok,
            "the hub reads the adapter at its new endpoint");
        Assert.Equal(after.Address, (await kit.AdapterAsync("health")).Endpoint);
    }

    [Fact]
    public async Task GetResident_HedgingOn_SlowAdapterGetsASecondRequestAndTheFacetIsOk()
    {
        await using var kit = await FederationKit.StartAsync("--Hub:Federation:FacetTimeout=00:00:05",
            "--Hub:Federation:Hedging:Enabled=true", "--Hub:Federation:Hedging:Delay=00:00:00.05");
        var health = await kit.StartHostAsync("health");
        health.Settings.Delay = TimeSpan.FromMilliseconds(400);

        var response = await kit.ReadAsync();

        Assert.Equal(FacetStatus.Ok, FederationKit.FacetOf(response, "health").Status);
        Assert.Equal(2, health.Settings.GetFacetCalls);
    }

    [Fact]
    public async Task GetResident_HedgingOff_SlowAdapterIsAskedOnce()
    {
        await using var kit = await FederationKit.StartAsync("--Hub:Federation:FacetTimeout=00:00:05");
        var health = await kit.StartHostAsync("health");
        health.Settings.Delay = TimeSpan.FromMilliseconds(400);

        var response = await kit.ReadAsync();

        Assert.Equal(FacetStatus.Ok, FederationKit.FacetOf(response, "health").Status);
        Assert.Equal(1, health.Settings.GetFacetCalls);
    }
}
