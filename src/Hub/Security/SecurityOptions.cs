namespace Hub.Security;

/// <summary>Authentication, policies and limits (<c>Hub:Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// An admin key provisioned at start: <c>&lt;key id&gt;:&lt;salted hash&gt;</c> as printed by <c>dotnet Hub.dll keys new</c>.
    /// The key itself never appears in configuration.
    /// </summary>
    public string BootstrapAdminKeyHash { get; set; } = "";

    /// <summary>Caller id of the bootstrap admin (the key above, or the key written on first start).</summary>
    public string BootstrapAdminCaller { get; set; } = "admin";

    /// <summary>
    /// When the store holds no key at all and no bootstrap hash is configured, create an admin key and write it to
    /// <c>admin.key</c> in the data folder (readable by the hub's user only), so a fresh hub can be administered.
    /// </summary>
    public bool WriteFirstAdminKey { get; set; } = true;

    /// <summary>
    /// Client certificates on HTTPS endpoints: <c>off</c>, <c>allow</c> (a certificate or an API key) or <c>require</c>
    /// (mutual TLS only). The caller id is the certificate's common name.
    /// </summary>
    public string ClientCertificates { get; set; } = "off";

    /// <summary>PEM file of the certificate authority that issues client certificates (needed unless ClientCertificates is off).</summary>
    public string ClientCertificateAuthorityFile { get; set; } = "";

    /// <summary>Calls per second per caller when its policy does not say (1..1,000,000).</summary>
    public int DefaultCallsPerSecond { get; set; } = 1000;

    /// <summary>Residents a caller may read per minute when its policy does not say (1..100,000,000).</summary>
    public int DefaultResidentReadsPerMinute { get; set; } = 60_000;

    /// <summary>Most residents one call may return; a larger answer is refused with RESOURCE_EXHAUSTED (1..100,000).</summary>
    public int MaxResidentsPerCall { get; set; } = 2000;

    /// <summary>How often a replica checks the store for changed keys and policies.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
