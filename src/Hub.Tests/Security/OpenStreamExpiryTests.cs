using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Microsoft.Extensions.Time.Testing;
using static Hub.Tests.Security.AccessKit;

namespace Hub.Tests.Security;

/// <summary>
/// A key that expires while its stream is open: nothing in the access tables changes, so only the stream's periodic
/// check finds it out, on the hub's own clock (here a fake one, moved past the expiry).
/// </summary>
public sealed class OpenStreamExpiryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync(s => s.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task PushStream_KeyExpiresWhileOpen_RecordAfterTheNextCheckEndsItUnauthenticated()
    {
        var kit = new AccessKit(_hub);
        var policy = Adapter("household-adapter", "household");
        await kit.Admin.PutPolicyAsync(new PutPolicyRequest { Policy = policy }, deadline: Deadlines.Default());
        var key = await kit.Admin.CreateKeyAsync(new CreateKeyRequest
        {
            Caller = policy.Caller, ExpireTime = Timestamp.FromDateTimeOffset(_clock.GetUtcNow().AddMinutes(10)),
        }, deadline: Deadlines.Default());
        using var push = await OpenStreamAccessTests.OpenPushAsync(_hub.ChannelFor(key.Secret, "none"));

        // Before expiry, a check past its minute passes: the key is still valid.
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(IngestStatus.Accepted, (await OpenStreamAccessTests.PushOne(push, 2, "HJ2")).Status);

        _clock.Advance(TimeSpan.FromMinutes(9));
        var refused = await Refused(() => OpenStreamAccessTests.PushOne(push, 3, "HJ3"));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("expired", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Null(await _hub.App.Services.GetRequiredService<Hub.Ingest.IIngestStore>()
            .GetSourceRecordAsync("household", "HJ3", CancellationToken.None));
    }
}
