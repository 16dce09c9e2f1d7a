using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Security;

/// <summary>
/// Mutual TLS: client certificates must chain to the configured authority (and nothing else: the machine's
/// trusted roots are not consulted). The caller id is the certificate's common name.
/// </summary>
public sealed class ClientCertificateRules
{
    private readonly X509Certificate2Collection _authority = [];

    /// <summary>Reads <c>Hub:Security:ClientCertificates</c> and the authority file.</summary>
    public ClientCertificateRules(IOptions<HubOptions> options)
    {
        var mode = options.Value.Security.ClientCertificates.ToLowerInvariant();
        Enabled = mode != "off";
        Required = mode == "require";
        if (Enabled)
            _authority.ImportFromPemFile(options.Value.Security.ClientCertificateAuthorityFile);
    }

    /// <summary>Client certificates are accepted.</summary>
    public bool Enabled { get; }

    /// <summary>Only client certificates are accepted (no API keys).</summary>
    public bool Required { get; }

    /// <summary>True when <paramref name="certificate"/> chains to the authority and is valid now.</summary>
    public bool Validate(X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if (!Enabled || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
