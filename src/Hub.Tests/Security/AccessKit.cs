using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Security;

/// <summary>Makes callers (a policy and a key) on a real hub through AccessAdminService, as an admin would.</summary>
public sealed class AccessKit(TestHub hub)
{
    public AccessAdminService.AccessAdminServiceClient Admin { get; } = new(hub.Channel);

    /// <summary>An adapter of <paramref name="department"/>: register, heartbeat and push for that department only.</summary>
    public static CallerPolicy Adapter(string caller, string department) => new()
    {
        Caller = caller, IngestDepartment = department,
        Rpcs = { "hub.v1.AdapterRegistryService/Register", "hub.v1.AdapterRegistryService/Heartbeat", "hub.v1.IngestService/Push" },
    };

    /// <summary>A consumer that reads residents for <paramref name="purpose"/>, without ID numbers or phones.</summary>
    public static CallerPolicy Consumer(string caller, string purpose = "social-assistance-review") => new()
    {
        Caller = caller, Purposes = { purpose }, Departments = { "civil-affairs" }, Fields = { "civil-affairs.*" },
        Rpcs = { "hub.v1.ResidentService/*", "hub.v1.IdentityService/Resolve", "hub.v1.IdentityService/GetLinks", "hub.v1.IdentityService/ListReviewItems" },
    };

    /// <summary>Stores <paramref name="policy"/> and returns a new key of its caller.</summary>
    public async Task<string> CallerAsync(CallerPolicy policy)
    {
        await Admin.PutPolicyAsync(new PutPolicyRequest { Policy = policy }, deadline: Deadlines.Default());
        return (await Admin.CreateKeyAsync(new CreateKeyRequest { Caller = policy.Caller }, deadline: Deadlines.Default())).Secret;
    }

    /// <summary>A channel of <paramref name="policy"/>'s caller declaring <paramref name="purpose"/>.</summary>
    public async Task<GrpcChannel> ChannelAsync(CallerPolicy policy, string? purpose = null) =>
        hub.ChannelFor(await CallerAsync(policy), purpose ?? policy.Purposes.FirstOrDefault() ?? "none");

    /// <summary>The status of a call that must fail.</summary>
    public static async Task<RpcException> Refused(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);
}
