using System.Net.Sockets;

namespace Relink.Testing;

/// <summary>Abortive close: the peer sees a connection reset rather than an orderly end of stream.</summary>
internal static class SocketReset
{
    /// <summary>Closes <paramref name="socket"/> with an RST (linger on, zero timeout) instead of a FIN.</summary>
    public static void ResetAndClose(this Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed or already failed: disposing below is all that is left to do.
        }

        socket.Dispose();
    }
}
