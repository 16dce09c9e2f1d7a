using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Ingest;
using Microsoft.Extensions.Hosting;
using Hub.Tests.Identity.Lifecycle;
using Hub.Tests.Security;
using static Hub.Tests.Security.AccessKit;

namespace Hub.Tests.Ingest;

/// <summary>
/// A hub that stops while an adapter's Push stream is open (a restart or an upgrade, while the adapters run on): the
/// stream ends at once with UNAVAILABLE, after the acks of what was committed, instead of staying open until the host's
/// shutdown time runs out and the connection is cut.
/// </summary>
public sealed class PushShutdownTests : AccessHubTest
{
    [Fact]
    public async Task Push_HubStopping_AcksWhatItCommittedThenEndsUnavailable()
    {
        using var push = await OpenStreamAccessTests.OpenPushAsync(await Kit.ChannelAsync(Adapter("household-adapter", "household")));
        // Three more records on their way (acks not read yet) when the stop is announced: each is either committed and
        // acked before the status, or neither (the adapter sends it again after reconnecting).
        for (var sequence = 2; sequence <= 4; sequence++)
            await push.RequestStream.WriteAsync(Record(sequence));

        // Only the announcement: the server keeps running here, so what the stream answers is the hub's own doing.
        Hub.App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var acked = new List<long> { 1 };
        var refused = await Assert.ThrowsAsync<RpcException>(() => ReadAcksAsync(push, acked));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.StartsWith("the hub is shutting down", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, acked.Count).Select(i => (long)i), acked);
        var store = Hub.App.Services.GetRequiredService<IIngestStore>();
        Assert.Equal(acked.Max(), (await store.GetCheckpointAsync("household-test", CancellationToken.None))!.Sequence);
        foreach (var sequence in acked)
            Assert.NotNull(await store.GetSourceRecordAsync("household", "HJ" + sequence, CancellationToken.None));
    }

    private static async Task ReadAcksAsync(AsyncDuplexStreamingCall<PushRequest, PushResponse> push, List<long> acked)
    {
        while (await push.ResponseStream.MoveNext())
        {
            var response = push.ResponseStream.Current;
            acked.AddRange(response.Acks.Count > 0 ? response.Acks.Select(a => a.Sequence) : [response.Sequence]);
        }
    }

    private static PushRequest Record(long sequence) => new()
    {
        AdapterId = "household-test",
        Record = new IngestRecord
        {
            Sequence = sequence, Kind = RecordKind.Resident, SourceRef = IdentityKit.Ref("household", "HJ" + sequence),
            Person = IdentityKit.Person("王芳", "330802198503120020"),
        },
    };
}
