namespace Hub.Bench;

/// <summary>
/// Spreads the calls of one gRPC channel over several HTTP/2 connections, round-robin: each inner
/// <see cref="SocketsHttpHandler"/> keeps a connection of its own. One connection carries every call
/// of a channel (HTTP/2 multiplexes them), so its single reader and writer loops on client and server
/// can become the limit on a small machine; <c>--connections</c> measures whether they are.
/// </summary>
public sealed class ConnectionSpread : HttpMessageHandler
{
    private readonly HttpMessageInvoker[] _connections;
    private long _next;

    /// <summary>Creates <paramref name="connections"/> independent handlers.</summary>
    public ConnectionSpread(int connections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        _connections = Enumerable.Range(0, connections)
            .Select(_ => new HttpMessageInvoker(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }, disposeHandler: true))
            .ToArray();
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var i = (int)((ulong)Interlocked.Increment(ref _next) % (ulong)_connections.Length);
        return _connections[i].SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var connection in _connections)
                connection.Dispose();
        base.Dispose(disposing);
    }
}
