namespace Hub.FacetAdapter;

/// <summary>How one adapter host runs.</summary>
public sealed class AdapterSettings
{
    /// <summary>Department code it serves.</summary>
    public required string Department { get; init; }

    /// <summary>Its adapter id at the hub.</summary>
    public required string AdapterId { get; init; }

    /// <summary>The SQLite file of facet data.</summary>
    public required string Database { get; init; }

    /// <summary>Where to listen; port 0 picks a free one.</summary>
    public string Url { get; init; } = "http://127.0.0.1:0";

    /// <summary>The hub to register with and send heartbeats to; null for none.</summary>
    public string? HubUrl { get; init; }

    /// <summary>API key sent to the hub as <c>authorization: Bearer</c>; empty for none.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary>API key the hub must send to read facets; empty accepts any caller.</summary>
    public string RequiredKey { get; init; } = "";

    /// <summary>Purposes the department's own rules refuse (answered PERMISSION_DENIED).</summary>
    public IReadOnlyList<string> DeniedPurposes { get; init; } = [];

    private int _calls;

    /// <summary>GetFacet calls received so far.</summary>
    public int GetFacetCalls => Volatile.Read(ref _calls);

    internal void CountCall() => Interlocked.Increment(ref _calls);

    /// <summary>Extra time every GetFacet takes before answering, to play a slow department.</summary>
    public TimeSpan Delay { get; set; }
}
