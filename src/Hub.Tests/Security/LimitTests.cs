using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Hub.Tests.Identity.Lifecycle;
using static Hub.Tests.Identity.Lifecycle.IdentityKit;

namespace Hub.Tests.Security;

/// <summary>Per-caller rate limits, capped bulk reads and message sizes: RESOURCE_EXHAUSTED, and refusals on record.</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task Calls_OverTheCallersRate_ResourceExhausted()
    {
        await using var hub = await TestHub.StartAsync();
        var kit = new AccessKit(hub);
        var key = await kit.CallerAsync(new CallerPolicy { Caller = "slow-system", Rpcs = { "*" }, CallsPerSecond = 2 });
        var client = new DictionaryService.DictionaryServiceClient(hub.ChannelFor(key));

        var outcomes = new List<StatusCode>();
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await client.ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default());
                outcomes.Add(StatusCode.OK);
            }
            catch (RpcException ex)
            {
                outcomes.Add(ex.StatusCode);
            }
        }

        // Two tokens a second: however the calls fall across a refill, most of ten quick calls are refused.
        Assert.All(outcomes, s => Assert.Contains(s, new[] { StatusCode.OK, StatusCode.ResourceExhausted }));
        Assert.InRange(outcomes.Count(s => s == StatusCode.OK), 2, 6);
        Assert.Equal(StatusCode.OK, outcomes[0]);
    }

    [Fact]
    public async Task ResidentReads_OverTheCallersMinute_ResourceExhaustedAndRecorded()
    {
        await using var hub = await TestHub.StartAsync();
        var admin = new IdentityKit(hub.Channel);
        for (var i = 0; i < 3; i++)
            await admin.PushAsync("household", $"HJ{i}", Person($"李{i}"));
        var policy = AccessKit.Consumer("bulk-reader");
        policy.ResidentReadsPerMinute = 2;
        var reader = new IdentityKit(await new AccessKit(hub).ChannelAsync(policy));

        await reader.ResidentOfAsync("household", "HJ0");
        await reader.ResidentOfAsync("household", "HJ1");
        var refused = await AccessKit.Refused(() => reader.ResidentOfAsync("household", "HJ2"));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("2 residents per minute", refused.Status.Detail);
        var log = await new AuditService.AuditServiceClient(hub.Channel).ListAccessAsync(new ListAccessRequest { Caller = "bulk-reader" },
            deadline: Deadlines.Default());
        Assert.Equal(["RESOURCE_EXHAUSTED", "OK", "OK"], log.Entries.Select(e => e.StatusCode));
        Assert.Equal(["refused:1 residents"], log.Entries[0].Fields);
    }

    [Fact]
    public async Task BulkRead_AnswerNamingMoreResidentsThanTheCap_ResourceExhausted()
    {
        await using var hub = await TestHub.StartAsync("--Hub:Security:MaxResidentsPerCall=1");
        var admin = new IdentityKit(hub.Channel);
        // Two ID numbers each claimed by a second, different person: two review items with two different candidates.
        await admin.PushAsync("household", "HJ1", Person("王芳", "330802198503120020", "19850312", "2"));
        await admin.PushAsync("civil-affairs", "MZ9", Person("陈建国", "330802198503120020", "19620101", "1"));
        await admin.PushAsync("household", "HJ2", Person("赵敏", "330802199001010010", "19900101", "2"));
        await admin.PushAsync("civil-affairs", "MZ8", Person("钱伟", "330802199001010010", "19700505", "1"));

        var refused = await AccessKit.Refused(() => admin.Identity.ListReviewItemsAsync(new ListReviewItemsRequest(), deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("more than 1 per call", refused.Status.Detail);
    }

    [Fact]
    public async Task Message_LargerThanTheLimit_ResourceExhausted()
    {
        await using var hub = await TestHub.StartAsync();

        var refused = await AccessKit.Refused(() => new AddressService.AddressServiceClient(hub.Channel).NormalizeAddressAsync(
            new NormalizeAddressRequest { Text = new string('路', 5 * 1024 * 1024) }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }
}
