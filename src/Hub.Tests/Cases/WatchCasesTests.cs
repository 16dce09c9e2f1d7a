using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Cases;

/// <summary>WatchCases through a real hub: filters, resuming from a cursor, bad cursors.</summary>
public sealed class WatchCasesTests
{
    [Fact]
    public async Task WatchCases_ResumeFromCursor_MissedEventsInOrderExactlyOnce()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        for (var i = 0; i < 3; i++)
            await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        var first = await ReadAsync(client, new WatchCasesRequest { Cursor = "0" }, 3);
        var resumeAt = first[1].Cursor;

        var c = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        c = await CaseKit.MoveAsync(client, c, CaseState.Accepted, "dispatch-centre");
        await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        var resumed = await ReadAsync(client, new WatchCasesRequest { Cursor = resumeAt }, 4);

        Assert.Equal(first[2].Cursor, resumed[0].Cursor);
        Assert.Equal(resumed.Count, resumed.Select(e => e.Cursor).Distinct().Count());
        Assert.Equal(resumed.Select(e => long.Parse(e.Cursor)).Order(), resumed.Select(e => long.Parse(e.Cursor)));
        Assert.Equal([CaseEventType.Submitted, CaseEventType.Submitted, CaseEventType.StateChanged, CaseEventType.Submitted],
            resumed.Select(e => e.Type));
        Assert.Equal(c.Version, resumed[2].CaseVersion);
        Assert.Equal(CaseState.Accepted, resumed[2].Snapshot.State);
    }

    [Fact]
    public async Task WatchCases_LiveWithFilters_OnlyMatchingEventsArrive()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var start = await CaseKit.SubmitAsync(client, CaseKit.Streetlight()); // gives a cursor to watch live from
        var head = (await ReadAsync(client, new WatchCasesRequest { Cursor = "0" }, 1))[0].Cursor;
        using var housingWatch = client.WatchCases(new WatchCasesRequest { Department = "housing", Cursor = head }, deadline: Deadlines.Default());
        using var noiseWatch = client.WatchCases(new WatchCasesRequest { CategoryCodes = { "03" }, Cursor = head }, deadline: Deadlines.Default());

        var noise = await CaseKit.SubmitAsync(client, CaseKit.Streetlight(category: "0303"));
        var c = await CaseKit.MoveAsync(client, start, CaseState.Accepted, "dispatch-centre");
        c = await CaseKit.MoveAsync(client, c, CaseState.Dispatched, "dispatch-centre", dispatchTo: ["housing"]);

        var housing = await NextAsync(housingWatch);
        var noisy = await NextAsync(noiseWatch);

        // Housing sees its dispatch (the case event, then its task), never the accept before it held the case.
        Assert.Equal(CaseState.Dispatched, housing.ToState);
        Assert.Equal(start.CaseId, housing.CaseId);
        Assert.Equal(CaseEventType.TaskStateChanged, (await NextAsync(housingWatch)).Type);
        Assert.Equal(noise.CaseId, noisy.CaseId);
        // Nothing happened in 330803: the stream stays silent until its deadline.
        var silent = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var quiet = client.WatchCases(new WatchCasesRequest { DivisionCodePrefix = "330803", Cursor = "0" },
                deadline: Deadlines.In(TimeSpan.FromSeconds(1)));
            await quiet.ResponseStream.MoveNext(CancellationToken.None);
        });
        Assert.Equal(StatusCode.DeadlineExceeded, silent.StatusCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("999999")]
    public async Task WatchCases_CursorNotFromThisHub_InvalidArgument(string cursor)
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        using var call = client.WatchCases(new WatchCasesRequest { Cursor = cursor }, deadline: Deadlines.Default());

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("cursor", CaseKit.Violations(ex));
    }

    private static async Task<List<CaseEvent>> ReadAsync(CaseService.CaseServiceClient client, WatchCasesRequest request, int count)
    {
        using var call = client.WatchCases(request, deadline: Deadlines.Default());
        var events = new List<CaseEvent>();
        while (events.Count < count && await call.ResponseStream.MoveNext(CancellationToken.None))
            events.Add(call.ResponseStream.Current.Event);
        return events;
    }

    private static async Task<CaseEvent> NextAsync(AsyncServerStreamingCall<WatchCasesResponse> call)
    {
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the stream ended");
        return call.ResponseStream.Current.Event;
    }
}
