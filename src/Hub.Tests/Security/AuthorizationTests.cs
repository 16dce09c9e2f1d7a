using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Hub.Tests.Identity.Lifecycle;
using static Hub.Tests.Security.AccessKit;

namespace Hub.Tests.Security;

/// <summary>What an authenticated caller may do: RPC, ingest department, admin and purpose grants, on a real hub.</summary>
public sealed class AuthorizationTests : AccessHubTest
{
    private static LookupResidentRequest ById(string id) => new() { IdNumber = id };

    [Fact]
    public async Task AdapterKey_UsedToRead_PermissionDeniedNamingTheRpc()
    {
        var adapter = await Kit.ChannelAsync(Adapter("household-adapter", "household"), purpose: "social-assistance-review");

        var refused = await Refused(() => new ResidentService.ResidentServiceClient(adapter)
            .LookupResidentAsync(ById("330802198503120020"), deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("missing grant rpc:hub.v1.ResidentService/LookupResident", refused.Status.Detail);
    }

    [Fact]
    public async Task ConsumerKey_UsedToPush_PermissionDeniedNamingTheRpc()
    {
        var consumer = await Kit.ChannelAsync(Consumer("grid-portal"));

        var refused = await Refused(async () =>
        {
            using var push = new IngestService.IngestServiceClient(consumer).Push(deadline: Deadlines.Default());
            try
            {
                await push.RequestStream.WriteAsync(new PushRequest { AdapterId = "household-test" });
            }
            catch (RpcException)
            {
                // The hub refuses at the start of the call and may end it before this write, which then sees the reset
                // stream (CANCELLED); the call's own status comes with the answer, read below.
            }
            await push.ResponseStream.MoveNext();
        });

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("missing grant rpc:hub.v1.IngestService/Push", refused.Status.Detail);
    }

    [Fact]
    public async Task AdapterKey_PushRegisterOrHeartbeatForAnotherDepartment_PermissionDeniedNamingTheDepartment()
    {
        // The admin registers a health adapter; the household adapter's key may not push through it, nor register one.
        await new IdentityKit(Hub.Channel).PushAsync("health", "H1", IdentityKit.Person("王芳", "330802198503120020"));
        var household = await Kit.ChannelAsync(Adapter("household-adapter", "household"));

        var pushed = await Refused(async () =>
        {
            using var push = new IngestService.IngestServiceClient(household).Push(deadline: Deadlines.Default());
            await push.RequestStream.WriteAsync(new PushRequest
            {
                AdapterId = "health-test",
                Record = new IngestRecord { Sequence = 99, Kind = RecordKind.Resident, SourceRef = IdentityKit.Ref("health", "H2"), Person = IdentityKit.Person("李四") },
            });
            await push.ResponseStream.MoveNext();
        });
        var registered = await Refused(() => new AdapterRegistryService.AdapterRegistryServiceClient(household).RegisterAsync(new RegisterRequest
        {
            AdapterId = "fake-health", Department = "health", Version = "1", Capabilities = { AdapterCapability.IngestResidents },
        }, deadline: Deadlines.Default()).ResponseAsync);

        var heartbeat = await Refused(() => new AdapterRegistryService.AdapterRegistryServiceClient(household).HeartbeatAsync(
            new HeartbeatRequest { AdapterId = "health-test", Backlog = 0 }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, pushed.StatusCode);
        Assert.StartsWith("missing grant ingest:health", pushed.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, heartbeat.StatusCode);
        Assert.StartsWith("missing grant ingest:health", heartbeat.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, registered.StatusCode);
        Assert.StartsWith("missing grant ingest:health", registered.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdapterKey_PushOwnDepartment_Accepted()
    {
        var household = await Kit.ChannelAsync(Adapter("household-adapter", "household"));

        var ack = await new IdentityKit(household).PushAsync("household", "HJ1", IdentityKit.Person("王芳", "330802198503120020"));

        Assert.Equal(IngestStatus.Accepted, ack.Status);
    }

    [Fact]
    public async Task AdminRpc_WithoutAdminGrant_PermissionDeniedNamingAdmin()
    {
        var policy = new CallerPolicy { Caller = "identity-clerk", Rpcs = { "hub.v1.IdentityService/*", "hub.v1.DictionaryService/*" }, Purposes = { "*" } };
        var clerk = await Kit.ChannelAsync(policy, purpose: "identity-review");

        var merge = await Refused(() => new IdentityService.IdentityServiceClient(clerk).MergeAsync(
            new MergeRequest { SurvivorResidentId = "R1", MergedResidentId = "R2" }, deadline: Deadlines.Default()).ResponseAsync);
        var mapping = await Refused(() => new DictionaryService.DictionaryServiceClient(clerk).DeleteMappingsAsync(
            new DeleteMappingsRequest(), deadline: Deadlines.Default()).ResponseAsync);
        var keys = await Refused(() => new AccessAdminService.AccessAdminServiceClient(clerk).ListKeysAsync(
            new ListKeysRequest(), deadline: Deadlines.Default()).ResponseAsync);

        Assert.All([merge, mapping, keys], r => Assert.Equal(StatusCode.PermissionDenied, r.StatusCode));
        Assert.StartsWith("missing grant admin", merge.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("missing grant admin", mapping.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("missing grant rpc:hub.v1.AccessAdminService/ListKeys", keys.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResidentRead_WithoutOrWithUnlistedPurpose_PermissionDeniedNamingPurpose()
    {
        var key = await Kit.CallerAsync(Consumer("grid-portal", "social-assistance-review"));
        var none = new ResidentService.ResidentServiceClient(Hub.ChannelFor(key, purpose: null));
        var other = new ResidentService.ResidentServiceClient(Hub.ChannelFor(key, purpose: "marketing"));

        var withoutPurpose = await Refused(() => none.LookupResidentAsync(ById("330802198503120020"), deadline: Deadlines.Default()).ResponseAsync);
        var unlisted = await Refused(() => other.LookupResidentAsync(ById("330802198503120020"), deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, withoutPurpose.StatusCode);
        Assert.StartsWith("missing grant purpose", withoutPurpose.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("x-hub-purpose", withoutPurpose.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, unlisted.StatusCode);
        Assert.Equal("missing grant purpose:marketing", unlisted.Status.Detail);
    }

    [Fact]
    public async Task PolicyChange_OnAnotherReplica_AppliesWithoutRestart()
    {
        // A second hub process on the same store, as replicas behind a load balancer share one database.
        await using var replica = await TestHub.StartAsync($"--Hub:DataDirectory={Hub.DataDirectory}", "--Hub:Security:RefreshInterval=00:00:00.2");
        var policy = new CallerPolicy { Caller = "late-reader", Rpcs = { "hub.v1.AddressService/GetAddress" } };
        var key = await Kit.CallerAsync(policy);
        var client = new DictionaryService.DictionaryServiceClient(replica.ChannelFor(key));
        await Eventually.TrueAsync(async () =>
        {
            try { await client.ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default()); }
            catch (RpcException ex) { return ex.StatusCode == StatusCode.PermissionDenied; }
            return false;
        }, "the replica refuses the caller before the change");

        policy.Rpcs.Add("hub.v1.DictionaryService/ListDictionaries");
        await Kit.Admin.PutPolicyAsync(new PutPolicyRequest { Policy = policy }, deadline: Deadlines.Default());

        await Eventually.TrueAsync(async () =>
        {
            try { return (await client.ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default())).Dictionaries.Count > 0; }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied) { return false; }
        }, "the replica applies the changed policy");
    }

    [Fact]
    public async Task PutPolicy_MalformedGrants_InvalidArgumentNamingEach()
    {
        var bad = new CallerPolicy { Caller = "Bad Caller", Rpcs = { "DropTable" }, Departments = { "健康" }, Fields = { "x" }, CallsPerSecond = -1 };

        var refused = await Refused(() => Kit.Admin.PutPolicyAsync(new PutPolicyRequest { Policy = bad }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var fields = refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["policy.caller", "policy.rpcs[0]", "policy.departments[0]", "policy.fields[0]", "policy.calls_per_second"], fields);
    }
}
