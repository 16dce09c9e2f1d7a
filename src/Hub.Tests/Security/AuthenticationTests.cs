using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using static Hub.Tests.Security.AccessKit;

namespace Hub.Tests.Security;

/// <summary>Who may call at all: API keys (missing, wrong, expired, revoked, rotated) on a real hub.</summary>
public sealed class AuthenticationTests : AccessHubTest
{
    private static Task<ListDictionariesResponse> ListDictionaries(global::Grpc.Net.Client.GrpcChannel channel) =>
        new DictionaryService.DictionaryServiceClient(channel).ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default()).ResponseAsync;

    private static CallerPolicy Reader(string caller) => new() { Caller = caller, Rpcs = { "hub.v1.DictionaryService/ListDictionaries" } };

    [Fact]
    public async Task Call_NoCredentials_UnauthenticatedButHealthAndReflectionOpen()
    {
        var anonymous = Hub.ChannelFor(null);

        var refused = await Refused(() => ListDictionaries(anonymous));
        var health = await new Health.HealthClient(anonymous).CheckAsync(new HealthCheckRequest(), deadline: Deadlines.Default());

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("authorization: Bearer", refused.Status.Detail);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Theory]
    [InlineData("hub_0123456789abcdef_not-the-right-secret-at-all-xxxxxxxxxxxxxxx")]
    [InlineData("hub_ffffffffffffffff_dGVzdC1odWItYWRtaW4ta2V5LW5vdC1mb3ItcHJvZHVjdGlvbg")]
    [InlineData("garbage")]
    [InlineData("")]
    public async Task Call_WrongKey_Unauthenticated(string key)
    {
        var refused = await Refused(() => ListDictionaries(Hub.ChannelFor(key)));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Call_NewKeyOfCaller_AcceptedAndRecordedAsThatCaller()
    {
        var key = await Kit.CallerAsync(Reader("dictionary-reader"));

        var answer = await ListDictionaries(Hub.ChannelFor(key));
        var keys = await Kit.Admin.ListKeysAsync(new ListKeysRequest { Caller = "dictionary-reader" }, deadline: Deadlines.Default());

        Assert.NotEmpty(answer.Dictionaries);
        var listed = Assert.Single(keys.Keys);
        Assert.Equal(ApiKeyState.Active, listed.State);
        Assert.StartsWith($"hub_{listed.KeyId}_", key, StringComparison.Ordinal);
        Assert.Equal(TestHub.AdminCaller, listed.CreatedBy);
    }

    [Fact]
    public async Task Call_RevokedKey_Unauthenticated()
    {
        var key = await Kit.CallerAsync(Reader("revoked-system"));
        await ListDictionaries(Hub.ChannelFor(key));
        var id = (await Kit.Admin.ListKeysAsync(new ListKeysRequest { Caller = "revoked-system" }, deadline: Deadlines.Default())).Keys[0].KeyId;

        var revoked = await Kit.Admin.RevokeKeyAsync(new RevokeKeyRequest { KeyId = id }, deadline: Deadlines.Default());
        var refused = await Refused(() => ListDictionaries(Hub.ChannelFor(key)));

        Assert.Equal(ApiKeyState.Revoked, revoked.Key.State);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail);
    }

    [Fact]
    public async Task Rotate_WithOverlap_BothKeysValidUntilOldOneRevoked()
    {
        var oldKey = await Kit.CallerAsync(Reader("rotating-system"));
        var oldId = (await Kit.Admin.ListKeysAsync(new ListKeysRequest { Caller = "rotating-system" }, deadline: Deadlines.Default())).Keys[0].KeyId;

        var rotated = await Kit.Admin.RotateKeyAsync(new RotateKeyRequest { KeyId = oldId, OverlapSeconds = 3600 }, deadline: Deadlines.Default());
        await ListDictionaries(Hub.ChannelFor(oldKey));
        await ListDictionaries(Hub.ChannelFor(rotated.Secret));
        await Kit.Admin.RevokeKeyAsync(new RevokeKeyRequest { KeyId = oldId }, deadline: Deadlines.Default());
        var refused = await Refused(() => ListDictionaries(Hub.ChannelFor(oldKey)));
        await ListDictionaries(Hub.ChannelFor(rotated.Secret));

        Assert.Equal(oldId, rotated.Key.RotatedFrom);
        Assert.NotNull(rotated.Previous.ExpireTime);
        Assert.InRange(rotated.Previous.ExpireTime.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Call_ExpiredKey_Unauthenticated()
    {
        var oldKey = await Kit.CallerAsync(Reader("expiring-system"));
        var oldId = (await Kit.Admin.ListKeysAsync(new ListKeysRequest { Caller = "expiring-system" }, deadline: Deadlines.Default())).Keys[0].KeyId;

        // A rotation without overlap ends the old key's life now.
        var rotated = await Kit.Admin.RotateKeyAsync(new RotateKeyRequest { KeyId = oldId, OverlapSeconds = 0 }, deadline: Deadlines.Default());
        var refused = await Refused(() => ListDictionaries(Hub.ChannelFor(oldKey)));

        Assert.Equal(ApiKeyState.Expired, rotated.Previous.State);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("expired", refused.Status.Detail);
    }

    [Fact]
    public async Task CreateKey_ExpiryInPastOrCallerWithoutPolicy_Refused()
    {
        var past = await Refused(() => Kit.Admin.CreateKeyAsync(new CreateKeyRequest
        {
            Caller = "admin", ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
        }, deadline: Deadlines.Default()).ResponseAsync);
        var noPolicy = await Refused(() => Kit.Admin.CreateKeyAsync(new CreateKeyRequest { Caller = "nobody-yet" }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, past.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, noPolicy.StatusCode);
    }

    [Fact]
    public async Task Store_KeepsOnlySaltedHashes()
    {
        var key = await Kit.CallerAsync(Reader("hash-check"));

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Hub.DataDirectory, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM api_keys";
        var hashes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                hashes.Add(reader.GetString(0));

        Assert.Equal(2, hashes.Count);
        Assert.All(hashes, h => Assert.StartsWith("sha256:", h, StringComparison.Ordinal));
        Assert.DoesNotContain(hashes, h => h.Contains(key[21..], StringComparison.Ordinal) || h.Contains(TestHub.AdminKey[21..], StringComparison.Ordinal));
    }
}
