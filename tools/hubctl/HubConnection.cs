using System.CommandLine;
using Grpc.Net.Client;
using Hub.Contracts.V1;

namespace Hub.Ctl;

/// <summary>One gRPC channel to the hub for the life of a command, and the deadline every call carries.</summary>
public sealed class HubConnection : IDisposable
{
    // The division dictionary alone is a few MiB; the default 4 MiB receive limit is too small.
    private const int MaxReceiveBytes = 64 * 1024 * 1024;

    private readonly GrpcChannel _channel;

    private HubConnection(Uri address, TimeSpan timeout)
    {
        Address = address;
        Timeout = timeout;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = MaxReceiveBytes });
        Dictionaries = new DictionaryService.DictionaryServiceClient(_channel);
        Identity = new IdentityService.IdentityServiceClient(_channel);
        Residents = new ResidentService.ResidentServiceClient(_channel);
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

    /// <summary>The client of <c>hub.v1.CaseService</c> (routing rules).</summary>
    public CaseService.CaseServiceClient Cases { get; }

    /// <summary>Opens a connection from the global options of a parsed command line.</summary>
    public static HubConnection Open(ParseResult parse) => new(
        new Uri(parse.GetRequiredValue(GlobalOptions.Hub), UriKind.Absolute),
        TimeSpan.FromSeconds(parse.GetValue(GlobalOptions.Timeout)));

    /// <summary>The deadline for a call starting now (gRPC deadlines are UTC).</summary>
    public DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + Timeout;

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
