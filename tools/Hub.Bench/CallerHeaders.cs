using System.Net.Http.Headers;

namespace Hub.Bench;

/// <summary>Sends the API key and a declared purpose on every call (h2c has no gRPC call credentials).</summary>
public sealed class CallerHeaders(string? apiKey, string purpose, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (apiKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.TryAddWithoutValidation("x-hub-purpose", purpose);
        return base.SendAsync(request, cancellationToken);
    }
}
