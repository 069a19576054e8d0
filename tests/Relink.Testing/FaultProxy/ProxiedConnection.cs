using System.Net;
using System.Net.Sockets;

namespace Relink.Testing;

/// <summary>
/// One client connection accepted by a <see cref="TcpFaultProxy"/> and its own connection to the target, with a
/// <see cref="ForwardingPump"/> each way.
/// </summary>
internal sealed class ProxiedConnection
{
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly IPEndPoint _target;
    private readonly ForwardingPump _toServer;
    private readonly ForwardingPump _toClient;

    // Never disposed: it has no timer, and Abort may run after RunAsync has finished.
    private readonly CancellationTokenSource _aborted = new();
    private int _abortStarted;

    public ProxiedConnection(Socket client, IPEndPoint target, LinkFaults toServer, LinkFaults toClient, TrafficCounters toServerTraffic, TrafficCounters toClientTraffic, TimeProvider time)
    {
        _client = client;
        _target = target;
        _server = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        ToServerFaults = new LinkFaultState(toServer);
        ToClientFaults = new LinkFaultState(toClient);
        _toServer = new ForwardingPump(_client, _server, ToServerFaults, toServerTraffic, time);
        _toClient = new ForwardingPump(_server, _client, ToClientFaults, toClientTraffic, time);
    }

    public LinkFaultState ToServerFaults { get; }

    public LinkFaultState ToClientFaults { get; }

    /// <summary>Connects to the target, then forwards until both directions have ended or the connection is reset.</summary>
    public async Task RunAsync()
    {
        var cancellationToken = _aborted.Token;
        try
        {
            // Nagle off on both legs: split writes must reach the wire as separate segments, and latency must be
            // the configured one, not the configured one plus a delayed-ACK stall. Set here, not on accept, so
            // that a client already gone fails this connection only, never the accept loop.
            _client.NoDelay = true;
            _server.NoDelay = true;
            await _server.ConnectAsync(_target, cancellationToken);
        }
        catch (Exception e) when (EndsConnection(e))
        {
            // The client is gone already, or the target is down: the client sees its connection reset.
            Abort();
            return;
        }

        await Task.WhenAll(
            ResetOnFailureAsync(_toServer.ReadLoopAsync(cancellationToken)),
            ResetOnFailureAsync(_toServer.WriteLoopAsync(cancellationToken)),
            ResetOnFailureAsync(_toClient.ReadLoopAsync(cancellationToken)),
            ResetOnFailureAsync(_toClient.WriteLoopAsync(cancellationToken)));

        // Each side's FIN has been passed on (or both were reset): nothing left to send.
        _client.Dispose();
        _server.Dispose();
    }

    /// <summary>Resets both legs: the client and the server each see a connection reset.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _abortStarted, 1) != 0)
        {
            return;
        }

        _client.ResetAndClose();
        _server.ResetAndClose();
        _aborted.Cancel();
    }

    private async Task ResetOnFailureAsync(Task loop)
    {
        try
        {
            await loop;
        }
        catch (Exception e) when (EndsConnection(e))
        {
            // A reset or failure on one leg is passed on to the other, as a broken link shows on both ends.
            Abort();
        }
    }

    private static bool EndsConnection(Exception e) => e is SocketException or ObjectDisposedException or OperationCanceledException;
}
