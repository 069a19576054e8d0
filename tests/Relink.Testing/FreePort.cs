using System.Net;
using System.Net.Sockets;

namespace Relink.Testing;

/// <summary>Finds loopback ports nobody listens on, for servers that tests start.</summary>
public static class FreePort
{
    /// <summary>A port that was free on 127.0.0.1 a moment ago (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
