using System.Net;
using System.Net.Sockets;

namespace Hub.Tests.Helpers;

/// <summary>Free TCP ports on the loopback interface, for servers and processes the tests start.</summary>
public static class LoopbackPort
{
    /// <summary>A port no one listens on right now (the operating system picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
