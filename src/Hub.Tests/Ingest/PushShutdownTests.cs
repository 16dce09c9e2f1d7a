using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Security;
using Hub.Tests.Security;
using static Hub.Tests.Security.AccessKit;

namespace Hub.Tests.Ingest;

/// <summary>
/// A hub that stops while an adapter's Push stream is open (a restart or an upgrade, while the adapters run on): the
/// stream ends at once with UNAVAILABLE, after the acks of what was committed, instead of holding the stop for the
/// host's whole shutdown time and being cut off without a status.
/// </summary>
public sealed class PushShutdownTests : AccessHubTest
{
    [Fact]
    public async Task Push_HubStops_StreamEndsUnavailableAndTheStopDoesNotWaitForIt()
    {
        using var push = await OpenStreamAccessTests.OpenPushAsync(await Kit.ChannelAsync(Adapter("household-adapter", "household")));

        var stopping = Hub.App.StopAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(() => push.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.StartsWith("the hub is shutting down", refused.Status.Detail, StringComparison.Ordinal);
        // The host's shutdown time is 30 s; a stream that held the stop would run into it.
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
