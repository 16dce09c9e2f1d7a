using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Hub.Tests.Identity.Lifecycle;
using static Hub.Tests.Security.AccessKit;

namespace Hub.Tests.Security;

/// <summary>
/// A change to a caller's access reaches the streams it already has open: an adapter's Push stream lives for days, so
/// a removed grant or a revoked key must stop it at its next message, not at its next reconnect.
/// </summary>
public sealed class OpenStreamAccessTests : AccessHubTest
{
    [Fact]
    public async Task PushStream_GrantRemovedWhileOpen_NextRecordEndsItWithPermissionDenied()
    {
        var policy = Adapter("household-adapter", "household");
        using var push = await OpenPushAsync(policy);

        // The admin moves the caller to another department; the stream it opened before stays open until it sends.
        policy.IngestDepartment = "grid";
        await Kit.Admin.PutPolicyAsync(new PutPolicyRequest { Policy = policy }, deadline: Deadlines.Default());

        var refused = await Refused(() => PushOne(push, 2, "HJ2"));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.StartsWith("missing grant ingest:household", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Null(await Hub.App.Services.GetRequiredService<Hub.Ingest.IIngestStore>()
            .GetSourceRecordAsync("household", "HJ2", CancellationToken.None));
    }

    [Fact]
    public async Task PushStream_KeyRevokedWhileOpen_NextRecordEndsItUnauthenticated()
    {
        using var push = await OpenPushAsync(Adapter("household-adapter", "household"));

        var id = (await Kit.Admin.ListKeysAsync(new ListKeysRequest { Caller = "household-adapter" }, deadline: Deadlines.Default())).Keys[0].KeyId;
        await Kit.Admin.RevokeKeyAsync(new RevokeKeyRequest { KeyId = id }, deadline: Deadlines.Default());

        var refused = await Refused(() => PushOne(push, 2, "HJ2"));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushStream_UnrelatedPolicyChangedWhileOpen_KeepsPushing()
    {
        using var push = await OpenPushAsync(Adapter("household-adapter", "household"));

        // Another caller's change moves the tables' change counter: this stream is checked again and passes.
        await Kit.CallerAsync(Consumer("grid-portal"));

        Assert.Equal(IngestStatus.Accepted, (await PushOne(push, 2, "HJ2")).Status);
    }

    [Fact]
    public async Task WatchCasesStream_GrantRemovedWhileOpen_NextEventEndsItWithPermissionDenied()
    {
        var policy = new CallerPolicy
        {
            Caller = "case-board", Rpcs = { "hub.v1.CaseService/WatchCases" }, Purposes = { "*" }, Departments = { "*" }, Fields = { "*" },
        };
        var board = await Kit.ChannelAsync(policy, purpose: "case-handling");
        var admin = new CaseService.CaseServiceClient(Hub.Channel);
        await Cases.CaseKit.SubmitAsync(admin, Cases.CaseKit.Streetlight());
        using var watch = new CaseService.CaseServiceClient(board).WatchCases(new WatchCasesRequest { Cursor = "0" }, deadline: Deadlines.Default());
        Assert.True(await watch.ResponseStream.MoveNext());

        policy.Rpcs.Clear();
        policy.Rpcs.Add("hub.v1.CaseService/GetCase");
        await Kit.Admin.PutPolicyAsync(new PutPolicyRequest { Policy = policy }, deadline: Deadlines.Default());
        await Cases.CaseKit.SubmitAsync(admin, Cases.CaseKit.Streetlight());

        var refused = await Refused(() => watch.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("missing grant rpc:hub.v1.CaseService/WatchCases", refused.Status.Detail);
    }

    private async Task<AsyncDuplexStreamingCall<PushRequest, PushResponse>> OpenPushAsync(CallerPolicy policy) =>
        await OpenPushAsync(await Kit.ChannelAsync(policy));

    /// <summary>A household adapter's Push stream on <paramref name="household"/>, open and with its first record accepted.</summary>
    internal static async Task<AsyncDuplexStreamingCall<PushRequest, PushResponse>> OpenPushAsync(GrpcChannel household)
    {
        await new AdapterRegistryService.AdapterRegistryServiceClient(household).RegisterAsync(new RegisterRequest
        {
            Department = "household", AdapterId = "household-test", Version = "1", Capabilities = { AdapterCapability.IngestResidents },
        }, deadline: Deadlines.Default());
        var push = new IngestService.IngestServiceClient(household).Push(deadline: Deadlines.Default());
        Assert.Equal(IngestStatus.Accepted, (await PushOne(push, 1, "HJ1")).Status);
        return push;
    }

    /// <summary>Pushes one household record on <paramref name="push"/> and reads its ack (or the status that ended the stream).</summary>
    internal static async Task<PushResponse> PushOne(AsyncDuplexStreamingCall<PushRequest, PushResponse> push, long sequence, string localId)
    {
        try
        {
            await push.RequestStream.WriteAsync(new PushRequest
            {
                AdapterId = "household-test",
                Record = new IngestRecord
                {
                    Sequence = sequence, Kind = RecordKind.Resident, SourceRef = IdentityKit.Ref("household", localId),
                    Person = IdentityKit.Person("王芳", "330802198503120020"),
                },
            });
        }
        catch (RpcException)
        {
            // The hub may have ended the call already; its status comes with the answer, read below.
        }
        if (!await push.ResponseStream.MoveNext())
            throw new InvalidOperationException("the hub ended the stream without an ack or a status");
        return push.ResponseStream.Current;
    }
}
