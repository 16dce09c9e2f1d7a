using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Security;

/// <summary>
/// Provisions the first admin at start (after the store is migrated): the configured bootstrap key, or, on a
/// store without any key, a new admin key written to <c>admin.key</c> in the data folder. Then loads the tables.
/// </summary>
internal sealed class AccessBootstrapper(IAccessStore store, AccessTables tables, IOptions<HubOptions> options, TimeProvider time,
    ILogger<AccessBootstrapper> logger) : IHostedService
{
    /// <summary>File name of the first admin key inside the data folder.</summary>
    public const string AdminKeyFile = "admin.key";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var security = options.Value.Security;
        var caller = security.BootstrapAdminCaller;
        var now = time.GetUtcNow();
        if (BootstrapKey.Parse(security.BootstrapAdminKeyHash) is { } bootstrap)
        {
            if (await store.AddPolicyIfMissingAsync(Grants.Everything(caller), "bootstrap", now, cancellationToken))
                logger.LogInformation("Created the admin policy of {Caller}", caller);
            if (await store.GetKeyAsync(bootstrap.KeyId, cancellationToken) is null)
            {
                await store.AddKeyAsync(new ApiKeyRow(bootstrap.KeyId, caller, bootstrap.Hash, now, null, null, "bootstrap", ""), null, cancellationToken);
                logger.LogInformation("Provisioned bootstrap admin key {KeyId} for {Caller}", bootstrap.KeyId, caller);
            }
        }
        else if (security.WriteFirstAdminKey && (await store.ListKeysAsync(null, 0, 1, cancellationToken)).Count == 0)
        {
            var path = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), AdminKeyFile);
            var (id, key) = ApiKeys.Create();
            await store.AddPolicyIfMissingAsync(Grants.Everything(caller), "bootstrap", now, cancellationToken);
            WriteSecret(path, key);
            await store.AddKeyAsync(new ApiKeyRow(id, caller, ApiKeys.Hash(key), now, null, null, "bootstrap", ""), null, cancellationToken);
            logger.LogWarning("No API key existed: created admin key {KeyId} for caller {Caller} in {Path} (readable by this user only). " +
                "Use it with hubctl (--api-key-file), create keys for other systems, then move it somewhere safe", id, caller, path);
        }
        var snapshot = await tables.ReloadAsync(cancellationToken);
        logger.LogInformation("Access tables: {Keys} keys, {Policies} policies", snapshot.Keys.Count, snapshot.Policies.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void WriteSecret(string path, string key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, file);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(key);
    }
}
