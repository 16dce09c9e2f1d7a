using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Hub.Tests.Identity.Lifecycle;
using Hub.Tests.Security;
using static Hub.Tests.Identity.Lifecycle.IdentityKit;

namespace Hub.Tests.Audit;

/// <summary>Every read of resident data is on record, visible by resident and by caller, through a real hub.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private const string WangFangId = "330802198503120020";
    private TestHub _hub = null!;
    private AccessKit _access = null!;
    private AuditService.AuditServiceClient _audit = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _access = new AccessKit(_hub);
        _audit = new AuditService.AuditServiceClient(_hub.Channel);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static Metadata Request(string id) => new() { { "x-request-id", id } };

    private async Task<List<AccessEntry>> AllAsync(ListAccessRequest request)
    {
        var entries = new List<AccessEntry>();
        do
        {
            var page = await _audit.ListAccessAsync(request, deadline: Deadlines.Default());
            entries.AddRange(page.Entries);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return entries;
    }

    [Fact]
    public async Task EveryResidentRead_AppearsInListAccessOfThatResident()
    {
        var admin = new IdentityKit(_hub.Channel);
        var owner = await admin.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2", "13812345678"));
        await admin.PushAsync("civil-affairs", "MZ9", Person("陈建国", WangFangId, "19620101", "1"));
        var portal = new IdentityKit(await _access.ChannelAsync(AccessKit.Consumer("grid-portal")));

        await portal.Residents.LookupResidentAsync(new LookupResidentRequest { SourceRef = Ref("household", "HJ1") }, Request("read-1"), Deadlines.Default());
        await portal.Residents.LookupResidentAsync(new LookupResidentRequest { IdNumber = WangFangId }, Request("read-2"), Deadlines.Default());
        await portal.Identity.GetLinksAsync(new GetLinksRequest { ResidentId = owner.ResidentId }, Request("read-3"), Deadlines.Default());
        await portal.Identity.ResolveAsync(new ResolveRequest { Record = Person("王芳", WangFangId) }, Request("read-4"), Deadlines.Default());
        var reviews = await portal.Identity.ListReviewItemsAsync(new ListReviewItemsRequest(), Request("read-5"), Deadlines.Default());

        var entries = await AllAsync(new ListAccessRequest { ResidentId = owner.ResidentId, PageSize = 2 });
        var mine = entries.Where(e => e.Caller == "grid-portal").ToList();
        Assert.Equal(["read-1", "read-2", "read-3", "read-4", "read-5"], mine.Select(e => e.RequestId).Order(StringComparer.Ordinal));
        Assert.All(mine, e =>
        {
            Assert.Equal("social-assistance-review", e.Purpose);
            Assert.Equal(owner.ResidentId, e.ResidentId);
            Assert.Equal("OK", e.StatusCode);
            Assert.Equal(64, e.EntryHash.Length);
        });
        Assert.Equal("/hub.v1.IdentityService/ListReviewItems", mine.Single(e => e.RequestId == "read-5").RpcMethod);
        // The review list showed the resident's record, masked for this caller, and the entry says so.
        Assert.Contains("core.id_number:masked", mine.Single(e => e.RequestId == "read-5").Fields);
        var candidateRecords = reviews.ReviewItems.SelectMany(r => r.Candidates).SelectMany(c => c.Records).ToList();
        Assert.NotEmpty(candidateRecords);
        Assert.All(candidateRecords.Append(reviews.ReviewItems[0].Record), r => Assert.Equal("330802********0020", r.IdNumber));
        Assert.All(candidateRecords.SelectMany(r => r.Contacts), c => Assert.True(c.Masked && c.Value.Contains('*')));
        // Newest first, and the chain links each entry to the one before it.
        Assert.Equal(entries.Select(e => e.Sequence).OrderDescending(), entries.Select(e => e.Sequence));
        var verified = await _audit.VerifyChainAsync(new VerifyChainRequest(), deadline: Deadlines.Default());
        Assert.True(verified.Ok, verified.Reason);
    }

    [Fact]
    public async Task ListAccess_ByCaller_PagedNewestFirstAndOnlyOwnWithoutAuditGrant()
    {
        var admin = new IdentityKit(_hub.Channel);
        for (var i = 0; i < 5; i++)
            await admin.PushAsync("household", $"HJ{i}", Person($"张{i}"));
        var policy = AccessKit.Consumer("grid-portal");
        policy.Rpcs.Add("hub.v1.AuditService/ListAccess");
        var portalChannel = await _access.ChannelAsync(policy);
        var portal = new IdentityKit(portalChannel);
        for (var i = 0; i < 5; i++)
            await portal.ResidentOfAsync("household", $"HJ{i}");

        var entries = await AllAsync(new ListAccessRequest { Caller = "grid-portal", PageSize = 2 });
        var own = await new AuditService.AuditServiceClient(portalChannel).ListAccessAsync(new ListAccessRequest { Caller = "grid-portal" },
            deadline: Deadlines.Default());
        var others = await AccessKit.Refused(() => new AuditService.AuditServiceClient(portalChannel).ListAccessAsync(
            new ListAccessRequest { Caller = TestHub.AdminCaller }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(5, entries.Count);
        Assert.Equal(5, entries.Select(e => e.ResidentId).Distinct().Count());
        Assert.Equal(entries.Select(e => e.Sequence).OrderDescending(), entries.Select(e => e.Sequence));
        Assert.Equal(5, own.Entries.Count);
        Assert.Equal(StatusCode.PermissionDenied, others.StatusCode);
        Assert.StartsWith("missing grant audit", others.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentReads_AllRecordedAndChainIntact()
    {
        var admin = new IdentityKit(_hub.Channel);
        var owner = await admin.PushAsync("household", "HJ1", Person("王芳", WangFangId));
        var portal = new IdentityKit(await _access.ChannelAsync(AccessKit.Consumer("grid-portal")));

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            portal.Residents.LookupResidentAsync(new LookupResidentRequest { IdNumber = WangFangId }, Request($"c{i}"), Deadlines.Default()).ResponseAsync));

        var entries = await AllAsync(new ListAccessRequest { ResidentId = owner.ResidentId, PageSize = 500 });
        Assert.Equal(40, entries.Count(e => e.Caller == "grid-portal"));
        var verified = await _audit.VerifyChainAsync(new VerifyChainRequest(), deadline: Deadlines.Default());
        Assert.True(verified.Ok, verified.Reason);
        Assert.Equal(verified.LastSequence, verified.EntriesChecked);
        Assert.True(verified.EntriesChecked >= 40);
    }

    [Fact]
    public async Task Push_IsNotARead_OnlyTheLaterReadIsRecorded()
    {
        // The ack names the resident the record was linked to; the adapter sent that record itself.
        var owner = await new IdentityKit(_hub.Channel).PushAsync("household", "HJ1", Person("王芳", WangFangId));
        Assert.StartsWith("R", owner.ResidentId);
        Assert.Empty(await AllAsync(new ListAccessRequest { ResidentId = owner.ResidentId }));

        var portal = new IdentityKit(await _access.ChannelAsync(AccessKit.Consumer("grid-portal")));
        await portal.Residents.LookupResidentAsync(new LookupResidentRequest { SourceRef = Ref("household", "HJ1") }, Request("after-push"), Deadlines.Default());

        var entry = Assert.Single(await AllAsync(new ListAccessRequest { ResidentId = owner.ResidentId }));
        Assert.Equal(("grid-portal", "after-push"), (entry.Caller, entry.RequestId));
    }

    [Fact]
    public async Task RefusedRead_IsRecordedForTheResident()
    {
        var owner = await new IdentityKit(_hub.Channel).PushAsync("household", "HJ1", Person("王芳", WangFangId));
        var key = await _access.CallerAsync(AccessKit.Consumer("grid-portal"));
        var wrongPurpose = new IdentityService.IdentityServiceClient(_hub.ChannelFor(key, "curiosity"));

        var refused = await AccessKit.Refused(() => wrongPurpose.GetLinksAsync(new GetLinksRequest { ResidentId = owner.ResidentId },
            Request("peek"), Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var entry = Assert.Single(await AllAsync(new ListAccessRequest { ResidentId = owner.ResidentId }), e => e.Caller == "grid-portal");
        Assert.Equal(("peek", "curiosity", "PERMISSION_DENIED"), (entry.RequestId, entry.Purpose, entry.StatusCode));
    }

    [Fact]
    public async Task Merge_IsRecordedForBothAndTheSurvivorsListIncludesTheAliasHistory()
    {
        var admin = new IdentityKit(_hub.Channel);
        var a = await admin.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var b = await admin.PushAsync("grid", "WG1", Person("王小芳", phone: "13812345678"));
        var portal = new IdentityKit(await _access.ChannelAsync(AccessKit.Consumer("grid-portal")));
        await portal.Identity.GetLinksAsync(new GetLinksRequest { ResidentId = b.ResidentId }, Request("before-merge"), Deadlines.Default());

        await admin.Identity.MergeAsync(new MergeRequest { SurvivorResidentId = a.ResidentId, MergedResidentId = b.ResidentId },
            Request("the-merge"), Deadlines.Default());

        var survivor = await AllAsync(new ListAccessRequest { ResidentId = a.ResidentId });
        Assert.Contains(survivor, e => e.RequestId == "before-merge" && e.ResidentId == b.ResidentId && e.Caller == "grid-portal");
        var merge = survivor.Where(e => e.RequestId == "the-merge").ToList();
        Assert.Equal(new[] { a.ResidentId, b.ResidentId }.Order(StringComparer.Ordinal), merge.Select(e => e.ResidentId).Order(StringComparer.Ordinal));
        Assert.All(merge, e => Assert.Equal(("/hub.v1.IdentityService/Merge", TestHub.AdminCaller, TestHub.DefaultPurpose), (e.RpcMethod, e.Caller, e.Purpose)));
    }

    [Fact]
    public async Task Read_WhenTheLogCannotBeWritten_AnswerWithheldUntilItCan()
    {
        var owner = await new IdentityKit(_hub.Channel).PushAsync("household", "HJ1", Person("王芳", WangFangId));
        var portal = new IdentityKit(await _access.ChannelAsync(AccessKit.Consumer("grid-portal")));
        await SqlAsync("ALTER TABLE audit_log RENAME TO audit_log_away");

        var withheld = await AccessKit.Refused(() => portal.ResidentOfAsync("household", "HJ1"));
        await SqlAsync("ALTER TABLE audit_log_away RENAME TO audit_log");
        var answered = await portal.ResidentOfAsync("household", "HJ1");

        Assert.Equal(StatusCode.Unavailable, withheld.StatusCode);
        Assert.Contains("audit log", withheld.Status.Detail);
        Assert.Equal(owner.ResidentId, answered);
        Assert.Single(await AllAsync(new ListAccessRequest { Caller = "grid-portal" }));
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_hub.DataDirectory, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task ListAccess_NoSubjectOrReversedRange_InvalidArgument()
    {
        var none = await AccessKit.Refused(() => _audit.ListAccessAsync(new ListAccessRequest(), deadline: Deadlines.Default()).ResponseAsync);
        var reversed = await AccessKit.Refused(() => _audit.ListAccessAsync(new ListAccessRequest
        {
            Caller = "admin",
            TimeRange = new TimeRange
            {
                StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
            },
        }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, none.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, reversed.StatusCode);
    }
}
