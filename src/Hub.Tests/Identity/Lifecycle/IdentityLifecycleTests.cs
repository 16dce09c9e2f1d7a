using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using static Hub.Tests.Identity.Lifecycle.IdentityKit;

namespace Hub.Tests.Identity.Lifecycle;

/// <summary>One resident, one id, through a real hub: ingest links, lookups, merge, split, unlink, review.</summary>
public sealed class IdentityLifecycleTests : IAsyncLifetime
{
    private const string WangFangId = "330802198503120020";
    private TestHub _hub = null!;
    private IdentityKit _kit = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _kit = new IdentityKit(_hub.Channel);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Push_SamePersonFromTwoDepartments_OneResidentFoundByRecordAndIdNumber()
    {
        var first = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var second = await _kit.PushAsync("social-security", "AC01:1", Person("王芳", "33080219850312002０", "1985-03-12", "2"));

        Assert.Equal(Decision.New, first.Decision);
        Assert.Equal(Decision.Matched, second.Decision);
        Assert.Equal(first.ResidentId, second.ResidentId);
        var byId = await _kit.Residents.LookupResidentAsync(new LookupResidentRequest { IdNumber = WangFangId }, deadline: Deadlines.Default());
        Assert.Equal(first.ResidentId, byId.ResidentId);
        Assert.Equal(["household", "social-security"], byId.Links.Select(l => l.SourceRef.Department).Order());
    }

    [Fact]
    public async Task Merge_TwoResidents_SurvivorKeepsIdAndMergedIdStillResolves()
    {
        var a = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var b = await _kit.PushAsync("grid", "WG1", Person("王小芳", phone: "13812345678"));
        Assert.NotEqual(a.ResidentId, b.ResidentId);

        var merged = await _kit.Identity.MergeAsync(new MergeRequest
        {
            SurvivorResidentId = a.ResidentId, MergedResidentId = b.ResidentId, Reason = "grid worker confirmed",
        }, deadline: Deadlines.Default());

        Assert.Equal(a.ResidentId, merged.ResidentId);
        Assert.Contains(b.ResidentId, merged.AliasIds);
        Assert.Equal(a.ResidentId, await _kit.ResidentOfAsync("grid", "WG1"));
        var viaAlias = await _kit.Identity.GetLinksAsync(new GetLinksRequest { ResidentId = b.ResidentId, IncludeHistory = true },
            deadline: Deadlines.Default());
        Assert.Equal(a.ResidentId, viaAlias.ResidentId);
        Assert.Equal(2, viaAlias.Links.Count);
        Assert.Contains(viaAlias.History, e => e.Type == IdentityEventType.Merged && e.Reason == "grid worker confirmed" && e.Actor == TestHub.AdminCaller);
    }

    [Fact]
    public async Task Split_AfterWrongMerge_MovesRecordsToAFreshId()
    {
        var a = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var b = await _kit.PushAsync("grid", "WG1", Person("王小芳", phone: "13812345678"));
        await _kit.Identity.MergeAsync(new MergeRequest { SurvivorResidentId = a.ResidentId, MergedResidentId = b.ResidentId },
            deadline: Deadlines.Default());

        var split = await _kit.Identity.SplitAsync(new SplitRequest
        {
            ResidentId = a.ResidentId, SourceRefs = { Ref("grid", "WG1") }, Reason = "not the same person",
        }, deadline: Deadlines.Default());

        Assert.NotEqual(a.ResidentId, split.NewResidentId);
        Assert.NotEqual(b.ResidentId, split.NewResidentId);
        Assert.Equal(split.NewResidentId, await _kit.ResidentOfAsync("grid", "WG1"));
        Assert.Equal(a.ResidentId, await _kit.ResidentOfAsync("household", "HJ1"));
        Assert.Equal("grid", Assert.Single(split.NewLinks).SourceRef.Department);
    }

    [Fact]
    public async Task Unlink_SecondRecord_NewIdAndTheLastLinkCannotBeUnlinked()
    {
        var a = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        await _kit.PushAsync("civil-affairs", "MZ1", Person("王芳", WangFangId, "1985/3/12"));

        var unlinked = await _kit.Identity.UnlinkAsync(new UnlinkRequest { SourceRef = Ref("civil-affairs", "MZ1") }, deadline: Deadlines.Default());

        Assert.Equal(a.ResidentId, unlinked.PreviousResidentId);
        Assert.Equal(unlinked.NewResidentId, await _kit.ResidentOfAsync("civil-affairs", "MZ1"));
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(async () =>
            await _kit.Identity.UnlinkAsync(new UnlinkRequest { SourceRef = Ref("household", "HJ1") }, deadline: Deadlines.Default())));
    }

    [Fact]
    public async Task Unlink_RetriedWithSameRequestId_ActsOnce()
    {
        await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        await _kit.PushAsync("civil-affairs", "MZ1", Person("王芳", WangFangId, "1985/3/12"));
        await _kit.PushAsync("grid", "WG1", Person("王芳", WangFangId, "1985年3月"));
        var request = new UnlinkRequest { SourceRef = Ref("civil-affairs", "MZ1"), RequestId = "req-1" };

        var first = await _kit.Identity.UnlinkAsync(request, deadline: Deadlines.Default());
        var retry = await _kit.Identity.UnlinkAsync(request, deadline: Deadlines.Default());

        Assert.Equal(first, retry);
        Assert.Equal(first.NewResidentId, await _kit.ResidentOfAsync("civil-affairs", "MZ1"));
    }

    [Fact]
    public async Task Merge_DifferentValidIdNumbers_Refused()
    {
        var a = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var b = await _kit.PushAsync("household", "HJ2", Person("王芳", "11010519491231002X", "19491231", "2"));

        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(async () => await _kit.Identity.MergeAsync(
            new MergeRequest { SurvivorResidentId = a.ResidentId, MergedResidentId = b.ResidentId }, deadline: Deadlines.Default())));
    }

    [Fact]
    public async Task Push_SameIdDifferentPerson_ConflictReviewedThenDecided()
    {
        var owner = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var clash = await _kit.PushAsync("civil-affairs", "MZ9", Person("陈建国", WangFangId, "19620101", "1"));

        Assert.Equal(Decision.Conflict, clash.Decision);
        Assert.NotEqual(owner.ResidentId, clash.ResidentId);
        var open = await _kit.Identity.ListReviewItemsAsync(new ListReviewItemsRequest { State = ReviewState.Open }, deadline: Deadlines.Default());
        var item = Assert.Single(open.ReviewItems);
        Assert.Equal(clash.ReviewId, item.ReviewId);
        Assert.Equal(owner.ResidentId, item.Candidates[0].ResidentId);
        Assert.Contains(item.Candidates[0].Comparisons, c => c is { Field: "name", Level: ComparisonLevel.Different });

        var decided = await _kit.Identity.DecideReviewAsync(new DecideReviewRequest
        {
            ReviewId = item.ReviewId, Outcome = ReviewOutcome.New, Note = "ID typed wrong by civil affairs",
        }, deadline: Deadlines.Default());

        Assert.Equal(ReviewState.Decided, decided.ReviewItem.State);
        Assert.Equal(clash.ResidentId, await _kit.ResidentOfAsync("civil-affairs", "MZ9"));
        Assert.Equal(StatusCode.FailedPrecondition, await StatusOf(async () => await _kit.Identity.DecideReviewAsync(
            new DecideReviewRequest { ReviewId = item.ReviewId, Outcome = ReviewOutcome.New }, deadline: Deadlines.Default())));
    }

    [Fact]
    public async Task DecideReview_Link_MovesRecordAndProvisionalIdBecomesAlias()
    {
        var owner = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var clash = await _kit.PushAsync("civil-affairs", "MZ9", Person("陈丽", WangFangId, "19580312", "2"));
        Assert.Equal(Decision.Conflict, clash.Decision);

        await _kit.Identity.DecideReviewAsync(new DecideReviewRequest
        {
            ReviewId = clash.ReviewId, Outcome = ReviewOutcome.Link, ResidentId = owner.ResidentId, Note = "same person: name changed in 1990, registry has the new one",
        }, deadline: Deadlines.Default());

        Assert.Equal(owner.ResidentId, await _kit.ResidentOfAsync("civil-affairs", "MZ9"));
        var viaProvisional = await _kit.Identity.GetLinksAsync(new GetLinksRequest { ResidentId = clash.ResidentId }, deadline: Deadlines.Default());
        Assert.Equal(owner.ResidentId, viaProvisional.ResidentId);
    }

    [Fact]
    public async Task Merge_ProvisionalResidentOfAnOpenReview_SupersedesTheReview()
    {
        var owner = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var clash = await _kit.PushAsync("civil-affairs", "MZ9", Person("陈丽", WangFangId, "19580312", "2"));

        await _kit.Identity.MergeAsync(new MergeRequest { SurvivorResidentId = owner.ResidentId, MergedResidentId = clash.ResidentId },
            deadline: Deadlines.Default());

        var items = await _kit.Identity.ListReviewItemsAsync(new ListReviewItemsRequest(), deadline: Deadlines.Default());
        var item = Assert.Single(items.ReviewItems);
        Assert.Equal(ReviewState.Superseded, item.State);
        Assert.Empty((await _kit.Identity.ListReviewItemsAsync(new ListReviewItemsRequest { State = ReviewState.Open },
            deadline: Deadlines.Default())).ReviewItems);
    }

    [Fact]
    public async Task Resolve_ExplainsWithoutLinking()
    {
        var owner = await _kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));

        var r = await _kit.Identity.ResolveAsync(new ResolveRequest { Record = Person("王芳", WangFangId) }, deadline: Deadlines.Default());

        Assert.Equal((Decision.Matched, owner.ResidentId, true), (r.Decision, r.ResidentId, r.Deterministic));
        Assert.Equal(6, r.Comparisons.Count);
        Assert.True(r.LinkThreshold > r.ReviewThreshold);
        Assert.Equal(StatusCode.NotFound, await StatusOf(async () => await _kit.Residents.LookupResidentAsync(
            new LookupResidentRequest { SourceRef = Ref("household", "HJ404") }, deadline: Deadlines.Default())));
    }

    [Theory]
    [InlineData("", "", "record.name")]
    [InlineData("王芳", "330802198503120021", "record.id_number")]
    [InlineData("王芳", "", "record.birth_date")]
    public async Task Resolve_BadRecord_InvalidArgumentNamingTheField(string name, string id, string field)
    {
        var record = Person(name, id, field == "record.birth_date" ? "1985-02-30" : "");
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await _kit.Identity.ResolveAsync(new ResolveRequest { Record = record }, deadline: Deadlines.Default()));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(field, ex.Status.Detail);
    }

    [Fact]
    public async Task Restart_SameData_IndexRebuiltAndNewRecordsStillLink()
    {
        var first = await _kit.PushAsync("household", "HJ1", Person("赵雪梅", WangFangId, "19850312", "2", "13812345678"));
        var data = _hub.DataDirectory;
        await _hub.App.StopAsync();

        await using var again = await TestHub.StartAsync($"--Hub:DataDirectory={data}");
        var kit = new IdentityKit(again.Channel);
        var later = await kit.PushAsync("grid", "WG7", Person("赵雪梅", birth: "1985年3月", phone: "138-1234-5678"));

        Assert.Equal(first.ResidentId, later.ResidentId);
    }
}
