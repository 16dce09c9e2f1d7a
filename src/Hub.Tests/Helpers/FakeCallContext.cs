using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Hub.Tests.Helpers;

/// <summary>
/// Enough of a server call context for a unit test of an interceptor or the authenticator: method, token,
/// request headers, peer, and the HttpContext gRPC keeps in its user state.
/// </summary>
public sealed class FakeCallContext(string method, CancellationToken token, Metadata? requestHeaders = null) : ServerCallContext
{
    private readonly Dictionary<object, object> _state = new() { ["__HttpContext"] = new DefaultHttpContext() };

    protected override string MethodCore => method;
    protected override string HostCore => "localhost";
    protected override string PeerCore => "ipv4:127.0.0.1:5000";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore { get; } = requestHeaders ?? [];
    protected override CancellationToken CancellationTokenCore => token;
    protected override Metadata ResponseTrailersCore { get; } = [];
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore => new(null, []);
    protected override IDictionary<object, object> UserStateCore => _state;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
