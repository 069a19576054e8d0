using System.Threading.Channels;

namespace Relink.Testing.Tests;

/// <summary>
/// A TCP echo server on 127.0.0.1 that records how each connection ended, so tests can see what the server
/// side of a proxied link experienced (orderly close, reset).
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Channel<EchoConnection> _accepted = Channel.CreateUnbounded<EchoConnection>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<EchoConnection> _connections = [];
    private readonly Task _acceptLoop;

    private EchoServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    public static EchoServer Start() => new();

    public IPEndPoint EndPoint { get; }

    public int ConnectionsAccepted
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Bytes received over all connections.</summary>
    public long BytesReceived
    {
        get
        {
            lock (_connections)
            {
                return _connections.Sum(c => c.BytesReceived);
            }
        }
    }

    /// <summary>The next connection accepted, in order.</summary>
    public Task<EchoConnection> NextConnectionAsync() =>
        Eventually.WithinAsync(_accepted.Reader.ReadAsync().AsTask(), "the echo server to accept a connection");

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Dispose();
        await _acceptLoop;
        EchoConnection[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Close();
        }

        await Task.WhenAll(open.Select(c => c.Ended));
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = new EchoConnection(socket);
            lock (_connections)
            {
                _connections.Add(connection);
            }

            _accepted.Writer.TryWrite(connection);
        }
    }
}

/// <summary>One connection of an <see cref="EchoServer"/>: it sends back whatever it receives.</summary>
internal sealed class EchoConnection
{
    private readonly Socket _socket;
    private long _bytesReceived;

    public EchoConnection(Socket socket)
    {
        _socket = socket;
        Ended = EchoAsync();
    }

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Null when the peer closed in order (FIN); otherwise what ended the connection.</summary>
    public Task<Exception?> Ended { get; }

    public void Close() => _socket.Dispose();

    private async Task<Exception?> EchoAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    _socket.Shutdown(SocketShutdown.Send);
                    return null;
                }

                Interlocked.Add(ref _bytesReceived, read);
                await _socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return e;
        }
        finally
        {
            _socket.Dispose();
        }
    }
}
