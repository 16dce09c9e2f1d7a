using System.ComponentModel.DataAnnotations;

namespace Hub.Adapters;

/// <summary>Settings of an adapter host (section <c>Adapter</c> of its configuration file or command line).</summary>
public sealed class AdapterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Adapter";

    /// <summary>Adapter id, stable across restarts: lower-case ASCII, digits and '-', e.g. "household-sql-1".</summary>
    [Required, RegularExpression("^[a-z0-9-]{1,64}$", ErrorMessage = "Adapter:Id must be lower-case ASCII letters, digits and '-', at most 64 characters")]
    public string Id { get; set; } = "";

    /// <summary>Base URL of the hub, e.g. http://127.0.0.1:5080.</summary>
    [Required]
    public string Hub { get; set; } = "http://127.0.0.1:5080";

    /// <summary>API key sent as <c>authorization: Bearer</c>; empty sends none.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Where this host serves DepartmentAdapterService (h2c), e.g. http://127.0.0.1:7101; empty serves nothing.</summary>
    public string Listen { get; set; } = "";

    /// <summary>URL the hub calls; defaults to <see cref="Listen"/>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The local state file (checkpoint, outbox, pushed-content hashes); relative to the working directory.</summary>
    [Required]
    public string StateFile { get; set; } = "adapter-state.db";

    /// <summary>A generic SQL mapping file (YAML); either this or <see cref="Plugin"/>.</summary>
    public string Mapping { get; set; } = "";

    /// <summary>A code plugin: assembly-qualified type name implementing IDepartmentAdapter.</summary>
    public string Plugin { get; set; } = "";

    /// <summary>Path of the plugin's assembly when it does not ship beside the host.</summary>
    public string PluginAssembly { get; set; } = "";

    /// <summary>How long to wait between scans of the source when nothing changed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often to look for deleted records (a scan of the source's keys).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan DeleteScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records sent but not yet acked, at most; the stream waits for acks beyond this. The hub stores and links a stream's
    /// records in batches of up to 5,000 with two batches in the works, so 10,000 keeps it fed during an initial sync.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxInFlight { get; set; } = 10_000;

    /// <summary>
    /// Records sent in one Push message, at most, when the hub takes batches (RegisterResponse.max_push_batch,
    /// which also caps it); 1 sends one record per message.
    /// </summary>
    [Range(1, 10_000)]
    public int PushBatch { get; set; } = 500;

    /// <summary>Records read but not yet acked (the local outbox), at most; the source scan pauses beyond this.</summary>
    [Range(100, 10_000_000)]
    public int MaxBacklog { get; set; } = 50_000;

    /// <summary>Records written to the local outbox per transaction.</summary>
    [Range(1, 100_000)]
    public int ReadBatch { get; set; } = 2000;

    /// <summary>How long records may stay in flight without any ack before the stream is given up and reopened.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between two attempts to reach the hub.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
