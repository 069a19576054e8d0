using System.Net;
using System.Net.Sockets;

namespace Relink.Testing;

/// <summary>Finds loopback ports nobody listens on, for servers that tests start.</summary>
public static class FreePort
{
    // Below Linux's ephemeral range (32768–60999 by default): a port the OS hands out for outgoing connections can
    // be taken by a client, a proxy or a database connection between the moment it is found free and the moment a
    // server binds it. Ports under that range are only ever taken by another listener, which this check sees.
    private const int First = 20_000;
    private const int Last = 32_767;

    /// <summary>A port that was free on 127.0.0.1 a moment ago, outside the range the OS uses for outgoing connections.</summary>
    public static int Next()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = Random.Shared.Next(First, Last + 1);
            if (IsFree(port))
            {
                return port;
            }
        }

        // Nearly every port of the range is in use: let the OS pick one.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
