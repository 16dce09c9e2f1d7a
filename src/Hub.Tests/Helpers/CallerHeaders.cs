using System.Net.Http.Headers;
using Grpc.Net.Client;

namespace Hub.Tests.Helpers;

/// <summary>
/// Puts a caller's credentials (<c>authorization: Bearer</c>) and declared purpose (<c>x-hub-purpose</c>) on every
/// call of a channel, unless the call sets its own. Tests keep creating plain clients over the channel.
/// </summary>
public sealed class CallerHeaders(string? apiKey, string? purpose) : DelegatingHandler(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
{
    /// <summary>A channel to <paramref name="address"/> whose calls carry <paramref name="apiKey"/> and <paramref name="purpose"/>.</summary>
    public static GrpcChannel Channel(Uri address, string? apiKey, string? purpose = TestHub.DefaultPurpose) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new CallerHeaders(apiKey, purpose),
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (apiKey is not null && !request.Headers.Contains("authorization"))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (purpose is not null && !request.Headers.Contains("x-hub-purpose"))
            request.Headers.TryAddWithoutValidation("x-hub-purpose", purpose);
        return base.SendAsync(request, cancellationToken);
    }
}
