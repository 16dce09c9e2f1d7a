using System.CommandLine;
using System.Net.Http.Headers;
using Grpc.Net.Client;
using Hub.Contracts.V1;

namespace Hub.Ctl;

/// <summary>One gRPC channel to the hub for the life of a command, the caller's credentials, and the deadline every call carries.</summary>
public sealed class HubConnection : IDisposable
{
    // The division dictionary alone is a few MiB; the default 4 MiB receive limit is too small.
    private const int MaxReceiveBytes = 64 * 1024 * 1024;

    private readonly GrpcChannel _channel;

    private HubConnection(Uri address, TimeSpan timeout, string? apiKey, string purpose)
    {
        Address = address;
        Timeout = timeout;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxReceiveBytes,
            HttpHandler = new CallerHeaders(apiKey, purpose),
        });
        Dictionaries = new DictionaryService.DictionaryServiceClient(_channel);
        Identity = new IdentityService.IdentityServiceClient(_channel);
        Residents = new ResidentService.ResidentServiceClient(_channel);
        Access = new AccessAdminService.AccessAdminServiceClient(_channel);
        Audit = new AuditService.AuditServiceClient(_channel);
        Cases = new CaseService.CaseServiceClient(_channel);
    }

    /// <summary>The hub's address.</summary>
    public Uri Address { get; }

    /// <summary>How long each call may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The client of <c>hub.v1.DictionaryService</c>.</summary>
    public DictionaryService.DictionaryServiceClient Dictionaries { get; }

    /// <summary>The client of <c>hub.v1.IdentityService</c> (links and the review queue).</summary>
    public IdentityService.IdentityServiceClient Identity { get; }

    /// <summary>The client of <c>hub.v1.ResidentService</c> (a resident's core identity).</summary>
    public ResidentService.ResidentServiceClient Residents { get; }

    /// <summary>The client of <c>hub.v1.AccessAdminService</c> (keys and policies).</summary>
    public AccessAdminService.AccessAdminServiceClient Access { get; }

    /// <summary>The client of <c>hub.v1.AuditService</c>.</summary>
    public AuditService.AuditServiceClient Audit { get; }

    /// <summary>The client of <c>hub.v1.CaseService</c> (routing rules).</summary>
    public CaseService.CaseServiceClient Cases { get; }

    /// <summary>Opens a connection from the global options of a parsed command line.</summary>
    public static HubConnection Open(ParseResult parse) => new(
        new Uri(parse.GetRequiredValue(GlobalOptions.Hub), UriKind.Absolute),
        TimeSpan.FromSeconds(parse.GetValue(GlobalOptions.Timeout)),
        ApiKeyOf(parse),
        parse.GetValue(GlobalOptions.Purpose) ?? "administration");

    /// <summary>The deadline for a call starting now (gRPC deadlines are UTC).</summary>
    public DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + Timeout;

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private static string? ApiKeyOf(ParseResult parse)
    {
        if (parse.GetValue(GlobalOptions.ApiKey) is { Length: > 0 } key)
            return key.Trim();
        if (parse.GetValue(GlobalOptions.ApiKeyFile) is not { Length: > 0 } file)
            return null;
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"the API key file {file} could not be read: {ex.Message}");
        }
    }

    // Credentials and purpose as HTTP/2 headers on every call: gRPC call credentials need TLS, a local hub speaks h2c.
    private sealed class CallerHeaders(string? apiKey, string purpose) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (apiKey is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            request.Headers.TryAddWithoutValidation("x-hub-purpose", purpose);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
