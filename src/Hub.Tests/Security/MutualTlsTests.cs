using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Security;

/// <summary>Mutual TLS on a real Kestrel HTTPS endpoint: the caller id comes from the client certificate's common name.</summary>
public sealed class MutualTlsTests : IDisposable
{
    private const string Password = "test-only";
    private readonly TempFolder _folder = new();
    private readonly X509Certificate2 _authority;
    private readonly X509Certificate2 _server;

    public MutualTlsTests()
    {
        _authority = Authority("Hub Test CA");
        _server = Issue(_authority, "127.0.0.1", clientAuth: false);
        File.WriteAllText(Path.Combine(_folder.Path, "ca.pem"), _authority.ExportCertificatePem());
        File.WriteAllBytes(Path.Combine(_folder.Path, "server.pfx"), _server.Export(X509ContentType.Pfx, Password));
    }

    public void Dispose()
    {
        _authority.Dispose();
        _server.Dispose();
        _folder.Dispose();
    }

    private Task<TestHub> StartAsync(string mode) => TestHub.StartAsync(
        "--urls=https://127.0.0.1:0",
        $"--Kestrel:Certificates:Default:Path={Path.Combine(_folder.Path, "server.pfx")}",
        $"--Kestrel:Certificates:Default:Password={Password}",
        $"--Hub:Security:ClientCertificates={mode}",
        $"--Hub:Security:ClientCertificateAuthorityFile={Path.Combine(_folder.Path, "ca.pem")}");

    [Fact]
    public async Task ClientCertificate_FromTheAuthority_CallerIsItsCommonName()
    {
        await using var hub = await StartAsync("allow");
        using var admin = Channel(hub, certificate: null, apiKey: TestHub.AdminKey);
        await new AccessAdminService.AccessAdminServiceClient(admin).PutPolicyAsync(new PutPolicyRequest
        {
            Policy = new CallerPolicy { Caller = "grid-portal", Rpcs = { "hub.v1.AuditService/ListAccess" } },
        }, deadline: Deadlines.Default());
        using var certificate = Issue(_authority, "grid-portal", clientAuth: true);
        using var portal = Channel(hub, certificate, apiKey: null);

        // Listing its own entries is allowed without the audit grant only when the hub knows it is grid-portal.
        var own = await new AuditService.AuditServiceClient(portal).ListAccessAsync(new ListAccessRequest { Caller = "grid-portal" },
            deadline: Deadlines.Default());
        var other = await AccessKit.Refused(() => new AuditService.AuditServiceClient(portal).ListAccessAsync(
            new ListAccessRequest { Caller = TestHub.AdminCaller }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Empty(own.Entries);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        Assert.StartsWith("missing grant audit", other.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCertificate_ForCallerWithoutPolicy_PermissionDenied_AndNoCredentialsUnauthenticated()
    {
        await using var hub = await StartAsync("allow");
        using var certificate = Issue(_authority, "unknown-system", clientAuth: true);
        using var unknown = Channel(hub, certificate, apiKey: null);
        using var nothing = Channel(hub, certificate: null, apiKey: null);

        var noPolicy = await AccessKit.Refused(() => new DictionaryService.DictionaryServiceClient(unknown)
            .ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default()).ResponseAsync);
        var anonymous = await AccessKit.Refused(() => new DictionaryService.DictionaryServiceClient(nothing)
            .ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, noPolicy.StatusCode);
        Assert.Contains("unknown-system has no policy", noPolicy.Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task ClientCertificate_FromAnotherAuthority_Refused()
    {
        await using var hub = await StartAsync("allow");
        using var stranger = Authority("Someone Else's CA");
        using var forged = Issue(stranger, "admin", clientAuth: true);
        using var channel = Channel(hub, forged, apiKey: null);

        var refused = await AccessKit.Refused(() => new DictionaryService.DictionaryServiceClient(channel)
            .ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default()).ResponseAsync);

        // Kestrel ends the TLS connection: the call never reaches the hub (the client library reports the dropped
        // call as UNAVAILABLE, or INTERNAL when TLS 1.3 let the request start before the server's verdict).
        Assert.Contains(refused.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        Assert.NotNull(refused.Status.DebugException); // made by the client from the transport error, not sent by the hub
    }

    [Fact]
    public async Task RequireMode_ApiKeyWithoutCertificate_RefusedButCertificateAccepted()
    {
        await using var hub = await StartAsync("require");
        using var keyOnly = Channel(hub, certificate: null, apiKey: TestHub.AdminKey);
        using var certificate = Issue(_authority, TestHub.AdminCaller, clientAuth: true);
        using var withCertificate = Channel(hub, certificate, apiKey: null);

        var refused = await AccessKit.Refused(() => new DictionaryService.DictionaryServiceClient(keyOnly)
            .ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default()).ResponseAsync);
        var accepted = await new DictionaryService.DictionaryServiceClient(withCertificate)
            .ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default());

        // Kestrel drops the connection for want of a certificate. With TLS 1.3 the client learns it only once its
        // request is under way, and the client library reports the dropped call as UNAVAILABLE or INTERNAL (the hub
        // itself would answer UNAUTHENTICATED: it never takes a key in this mode).
        Assert.Contains(refused.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal, StatusCode.Unauthenticated });
        Assert.True(refused.StatusCode == StatusCode.Unauthenticated || refused.Status.DebugException is not null, refused.ToString());
        Assert.NotEmpty(accepted.Dictionaries);
    }

    private GrpcChannel Channel(TestHub hub, X509Certificate2? certificate, string? apiKey)
    {
        var sockets = new SocketsHttpHandler();
        sockets.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            cert is X509Certificate2 c && c.Thumbprint == _server.Thumbprint;
        if (certificate is not null)
            sockets.SslOptions.ClientCertificates = [certificate];
        var handler = new KeyHeader(apiKey) { InnerHandler = sockets };
        return GrpcChannel.ForAddress(hub.Address, new GrpcChannelOptions { HttpHandler = handler });
    }

    private sealed class KeyHeader(string? apiKey) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (apiKey is not null)
                request.Headers.TryAddWithoutValidation("authorization", $"Bearer {apiKey}");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string name, bool clientAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(clientAuth ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1")], false));
        if (!clientAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PFX so the private key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx, Password), Password);
    }
}
