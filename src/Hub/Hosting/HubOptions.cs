namespace Hub.Hosting;

/// <summary>Top-level settings of the hub, bound from the <c>Hub</c> configuration section.</summary>
public sealed class HubOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Hub";

    /// <summary>Folder for the hub's own state (the SQLite store). Relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Serve gRPC server reflection, so tools such as <c>buf curl</c> can discover the contracts.</summary>
    public bool EnableReflection { get; set; } = true;

    /// <summary>Logging settings.</summary>
    public LoggingOptions Logging { get; set; } = new();

    /// <summary>Store settings.</summary>
    public StoreOptions Store { get; set; } = new();

    /// <summary>Cache settings.</summary>
    public CacheOptions Cache { get; set; } = new();

    /// <summary>Identity matching settings.</summary>
    public IdentityOptions Identity { get; set; } = new();

    /// <summary>Authentication, policies and limits.</summary>
    public Hub.Security.SecurityOptions Security { get; set; } = new();

    /// <summary>Live reads from department adapters (deadlines, retries, breakers, hedging).</summary>
    public Federation.FederationOptions Federation { get; set; } = new();

    /// <summary>Case settings: working calendar, stage limits, escalation.</summary>
    public Hub.Cases.CaseOptions Cases { get; set; } = new();
}

/// <summary>Identity matching (<c>Hub:Identity</c>).</summary>
public sealed class IdentityOptions
{
    /// <summary>A rules file (weights and thresholds) to use instead of the shipped one; empty for the shipped rules.</summary>
    public string RulesFile { get; set; } = "";

    /// <summary>
    /// How often records that were stored but whose link did not commit (a failed identity write, a stream
    /// cancelled between the two commits) are linked again while the hub runs.
    /// </summary>
    public TimeSpan RelinkInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>How the hub writes its logs (<c>Hub:Logging</c>).</summary>
public sealed class LoggingOptions
{
    /// <summary><c>text</c> (human-readable console lines) or <c>json</c> (compact JSON, one event per line).</summary>
    public string Format { get; set; } = "text";

    /// <summary>Lowest level written: Verbose, Debug, Information, Warning, Error or Fatal.</summary>
    public string MinimumLevel { get; set; } = "Information";
}

/// <summary>Where and how the hub keeps its state (<c>Hub:Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>The store implementation; <c>sqlite</c> is the embedded default.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite file name inside <see cref="HubOptions.DataDirectory"/>.</summary>
    public string FileName { get; set; } = "hub.db";

    /// <summary>SQLite synchronous mode: <c>full</c> (an ack survives power loss) or <c>normal</c> (survives a crash of the hub).</summary>
    public string Synchronous { get; set; } = "full";

    /// <summary>How long a writer waits for a lock held by another writer before failing, in seconds (1..600).</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>SQLite page cache per connection, in MiB (2..4096).</summary>
    public int CacheMiB { get; set; } = 64;

    /// <summary>
    /// How much of the database file SQLite reads through a memory map instead of read calls, in MiB (0..2047, the
    /// limit SQLite is built with; 0 turns it off; a larger file reads the rest as before). An I/O error while reading
    /// through the map stops the process instead of failing the one call.
    /// </summary>
    public int MmapMiB { get; set; } = 2047;
}

/// <summary>The lookup cache (<c>Hub:Cache</c>).</summary>
public sealed class CacheOptions
{
    /// <summary>A StackExchange.Redis connection string (for example <c>127.0.0.1:6379</c>). Empty means the in-process cache (single-node mode).</summary>
    public string Redis { get; set; } = "";

    /// <summary>Prefix of every key the hub writes, so several hubs or tests can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "hub:";

    /// <summary>Lifetime of a cache entry unless the caller gives another.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long an invalidated identity key stays blocked for loaders, longer than any store read; a
    /// reader that loaded old data just before a change cannot put it back meanwhile.
    /// </summary>
    public TimeSpan InvalidationTombstoneTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most entries the in-process cache holds before it evicts (1..100,000,000).</summary>
    public int MaxLocalEntries { get; set; } = 200_000;
}
