using Hub.Tests.Helpers;

namespace Hub.Tests.HubCtl;

/// <summary>hubctl keys and policy against a real hub: a system gets a policy and a key, uses it, loses it.</summary>
public sealed class HubCtlAccessTests
{
    [Fact]
    public async Task PolicySetKeysCreateRevoke_KeyWorksWithinItsGrantsThenStops()
    {
        await using var hub = await TestHub.StartAsync();

        var policy = await HubCtlProcess.RunAsync(hub.Address, "policy", "set", "dict-reader", "--rpc", "hub.v1.DictionaryService/ListDictionaries");
        var created = await HubCtlProcess.RunAsync(hub.Address, "keys", "create", "dict-reader", "--expires-in-days", "30");
        var key = created.StandardOutput.Trim();
        var allowed = await HubCtlProcess.RunAsync(hub.Address, "dict", "list", "--api-key", key);
        var denied = await HubCtlProcess.RunAsync(hub.Address, "review", "list", "--api-key", key);
        var listed = await HubCtlProcess.RunAsync(hub.Address, "keys", "list", "--caller", "dict-reader", "--output", "csv");
        var keyId = listed.StandardOutput.Split('\n')[1].Split(',')[0];
        var revoked = await HubCtlProcess.RunAsync(hub.Address, "keys", "revoke", keyId);
        var after = await HubCtlProcess.RunAsync(hub.Address, "dict", "list", "--api-key", key);

        Assert.Equal(0, policy.ExitCode);
        Assert.Equal(0, created.ExitCode);
        Assert.StartsWith($"hub_{keyId}_", key, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("sex", allowed.StandardOutput);
        Assert.Equal(5, denied.ExitCode);
        Assert.Contains("missing grant rpc:hub.v1.IdentityService/ListReviewItems", denied.StandardError);
        Assert.Contains("ACTIVE", listed.StandardOutput);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal(5, after.ExitCode);
        Assert.Contains("revoked", after.StandardError);
    }

    [Fact]
    public async Task KeysRotate_PrintsNewKeyAndOldStaysValidForTheOverlap()
    {
        await using var hub = await TestHub.StartAsync();
        await HubCtlProcess.RunAsync(hub.Address, "policy", "set", "rotator", "--rpc", "*");
        var first = (await HubCtlProcess.RunAsync(hub.Address, "keys", "create", "rotator")).StandardOutput.Trim();
        var firstId = first.Split('_')[1];

        var rotated = await HubCtlProcess.RunAsync(hub.Address, "keys", "rotate", firstId, "--overlap-hours", "2");
        var second = rotated.StandardOutput.Trim();
        var withOld = await HubCtlProcess.RunAsync(hub.Address, "dict", "list", "--api-key", first);
        var withNew = await HubCtlProcess.RunAsync(hub.Address, "dict", "list", "--api-key", second);

        Assert.Equal(0, rotated.ExitCode);
        Assert.NotEqual(first, second);
        Assert.Contains($"replaces {firstId}", rotated.StandardError);
        Assert.Equal(0, withOld.ExitCode);
        Assert.Equal(0, withNew.ExitCode);
    }

    [Fact]
    public async Task NoKey_NotAllowedExitCode()
    {
        await using var hub = await TestHub.StartAsync();

        var run = await HubCtlProcess.RunAsync(hub.Address, "dict", "list", "--api-key", "hub_0000000000000000_wrong-key-wrong-key-wrong-key");

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("credentials", run.StandardError);
    }
}
