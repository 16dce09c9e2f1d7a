using Microsoft.Extensions.Options;

namespace Hub.Hosting;

/// <summary>
/// Checks <see cref="HubOptions"/> at start. Every failure names the full configuration key,
/// so an operator can find the bad setting without reading code.
/// </summary>
public sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    private static readonly string[] LogFormats = ["text", "json"];
    private static readonly string[] LogLevels = ["verbose", "debug", "information", "warning", "error", "fatal"];
    private static readonly string[] Providers = ["sqlite"];
    private static readonly string[] SyncModes = ["full", "normal"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var errors = new List<string>();
        const string p = HubOptions.Section;

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            errors.Add($"{p}:DataDirectory must name a folder for the hub's state.");
        OneOf(errors, $"{p}:Logging:Format", options.Logging.Format, LogFormats);
        OneOf(errors, $"{p}:Logging:MinimumLevel", options.Logging.MinimumLevel, LogLevels);
        OneOf(errors, $"{p}:Store:Provider", options.Store.Provider, Providers);
        OneOf(errors, $"{p}:Store:Synchronous", options.Store.Synchronous, SyncModes);
        if (string.IsNullOrWhiteSpace(options.Store.FileName) || options.Store.FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            errors.Add($"{p}:Store:FileName must be a plain file name, got '{options.Store.FileName}'.");
        if (options.Store.BusyTimeoutSeconds is < 1 or > 600)
            errors.Add($"{p}:Store:BusyTimeoutSeconds must be between 1 and 600, got {options.Store.BusyTimeoutSeconds}.");
        if (options.Store.CacheMiB is < 2 or > 4096)
            errors.Add($"{p}:Store:CacheMiB must be between 2 and 4096, got {options.Store.CacheMiB}.");
        if (options.Store.MmapMiB is < 0 or > 2047)
            errors.Add($"{p}:Store:MmapMiB must be between 0 (off) and 2047 (SQLite's limit), got {options.Store.MmapMiB}.");
        if (options.Cache.DefaultTtl <= TimeSpan.Zero || options.Cache.DefaultTtl > TimeSpan.FromDays(30))
            errors.Add($"{p}:Cache:DefaultTtl must be more than zero and at most 30 days, got {options.Cache.DefaultTtl}.");
        if (options.Cache.InvalidationTombstoneTtl < TimeSpan.FromMilliseconds(100) || options.Cache.InvalidationTombstoneTtl > TimeSpan.FromMinutes(10))
            errors.Add($"{p}:Cache:InvalidationTombstoneTtl must be between 00:00:00.1 and 00:10:00, got {options.Cache.InvalidationTombstoneTtl}.");
        if (options.Cache.MaxLocalEntries is < 1 or > 100_000_000)
            errors.Add($"{p}:Cache:MaxLocalEntries must be between 1 and 100000000, got {options.Cache.MaxLocalEntries}.");
        if (string.IsNullOrEmpty(options.Cache.KeyPrefix) || options.Cache.KeyPrefix.Any(char.IsWhiteSpace))
            errors.Add($"{p}:Cache:KeyPrefix must be non-empty and contain no spaces, got '{options.Cache.KeyPrefix}'.");
        if (!string.IsNullOrWhiteSpace(options.Cache.Redis))
        {
            try { StackExchange.Redis.ConfigurationOptions.Parse(options.Cache.Redis); }
            catch (ArgumentException ex) { errors.Add($"{p}:Cache:Redis is not a valid Redis connection string: {ex.Message}"); }
        }

        if (options.Identity.RelinkInterval < TimeSpan.FromMilliseconds(100) || options.Identity.RelinkInterval > TimeSpan.FromHours(1))
            errors.Add($"{p}:Identity:RelinkInterval must be between 00:00:00.1 and 01:00:00, got {options.Identity.RelinkInterval}.");
        if (!string.IsNullOrWhiteSpace(options.Identity.RulesFile) && !File.Exists(options.Identity.RulesFile))
            errors.Add($"{p}:Identity:RulesFile names a file that does not exist: '{options.Identity.RulesFile}'.");
        Hub.Cases.CaseOptions.Validate(options.Cases, $"{p}:Cases", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void OneOf(List<string> errors, string key, string value, string[] allowed)
    {
        if (!allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            errors.Add($"{key} must be one of {string.Join(", ", allowed)}, got '{value}'.");
    }
}
