using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Cases;

/// <summary>Deadlines on a fake clock: stage limits in working hours, overdue flags by timer, escalation by rule.</summary>
public sealed class CaseDeadlineTests
{
    // Monday 2026-11-02 09:00 in Quzhou (UTC+8).
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static Task<TestHub> StartAsync(FakeTimeProvider clock, params string[] settings) =>
        TestHub.StartAsync(s => s.AddSingleton<TimeProvider>(clock),
            [.. settings, "--Hub:Cases:TimerInterval=00:01:00", "--Hub:Cases:Holidays:0=2026-11-03"]);

    [Fact]
    public async Task Submit_ReportedLimitTwoWorkingHours_DeadlineOnTheWorkingCalendar()
    {
        var clock = new FakeTimeProvider(MondayMorning.AddHours(8)); // 17:00: half an hour left today
        await using var hub = await StartAsync(clock);
        var client = new CaseService.CaseServiceClient(hub.Channel);

        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());

        // 0.5 h on Monday, Tuesday is a holiday, 1.5 h on Wednesday from 08:30.
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 10, 0, 0, TimeSpan.FromHours(8)), c.StageDeadline.ToDateTimeOffset());
    }

    [Fact]
    public async Task Timer_DeadlinePasses_OverdueFlagAndEventThenEscalation()
    {
        var clock = new FakeTimeProvider(MondayMorning);
        await using var hub = await StartAsync(clock, "--Hub:Cases:EscalateAfterOverdueHours=4");
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var rule = new RoutingRule
        {
            CategoryCode = "0102", LeadDepartment = "urban-mgmt", Enabled = true,
            TimeLimits = { new StageTimeLimit { State = CaseState.InProgress, WorkingHours = 3 } },
        };
        await client.PutRoutingRuleAsync(new PutRoutingRuleRequest { RoutingRule = rule }, deadline: Deadlines.Default());
        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        c = await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");
        c = await CaseKit.MoveAsync(client, c, CaseState.Dispatched, "dispatch-centre");
        c = await CaseKit.MoveAsync(client, c, CaseState.InProgress, "urban-mgmt", taskId: c.Tasks[0].TaskId);
        Assert.Equal(MondayMorning.AddHours(3), c.Tasks[0].StageDeadline.ToDateTimeOffset());
        using var watch = client.WatchCases(new WatchCasesRequest { Cursor = "1" }, deadline: Deadlines.Default());

        clock.Advance(TimeSpan.FromHours(2));
        // Run a check now ourselves (the timer may have run one too): nothing is due yet.
        Assert.Equal(0, await hub.App.Services.GetRequiredService<Hub.Cases.DeadlineTimer>().RunOnceAsync(CancellationToken.None));
        Assert.False((await GetAsync(client, c)).Overdue);

        clock.Advance(TimeSpan.FromHours(1.5)); // 12:30, past the 12:00 deadline
        await Eventually.TrueAsync(async () => (await GetAsync(client, c)).Overdue, "the case is flagged overdue");
        var overdue = await GetAsync(client, c);
        Assert.True(overdue.Tasks[0].Overdue);
        Assert.False(overdue.Supervised);
        Assert.Equal(CaseState.InProgress, overdue.State);

        // Four working hours after the deadline: 16:00 the same day.
        clock.Advance(TimeSpan.FromHours(4));
        await Eventually.TrueAsync(async () => (await GetAsync(client, c)).State == CaseState.Escalated, "the case is escalated");
        var escalated = await GetAsync(client, c);
        Assert.True(escalated.Supervised);

        var types = new List<CaseEventType>();
        while (types.Count < 100 && await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            types.Add(watch.ResponseStream.Current.Event.Type);
            if (watch.ResponseStream.Current.Event.ToState == CaseState.Escalated)
                break;
        }
        Assert.Equal(2, types.Count(t => t == CaseEventType.FlagsChanged));
        Assert.Equal(CaseEventType.StateChanged, types[^1]);
    }

    private static async Task<Case> GetAsync(CaseService.CaseServiceClient client, Case c) =>
        (await client.GetCaseAsync(new GetCaseRequest { CaseId = c.CaseId }, deadline: Deadlines.Default())).Case;
}
