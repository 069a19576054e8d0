using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Relink.Testing;

namespace Relink.Client.Tests.Fakes;

/// <summary>
/// A scripted stand-in for the Relink server on 127.0.0.1: it accepts connections (TCP frames, or WebSocket
/// binary messages) and lets a test read what the client sent and answer exactly as the test wants.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Channel<FakeConnection> _accepted = Channel.CreateUnbounded<FakeConnection>();
    private readonly List<FakeConnection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _disposed;

    private FakeServer(bool webSocket, int port)
    {
        WebSocket = webSocket;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Whether clients speak WebSocket to it.</summary>
    public bool WebSocket { get; }

    /// <summary>The address to give <see cref="RelinkClientOptions.Server"/>.</summary>
    public string Address => WebSocket ? $"ws://127.0.0.1:{Port}/ws" : $"127.0.0.1:{Port}";

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections it accepted.</summary>
    public int Accepted
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Starts a fake server on a free loopback port, or on <paramref name="port"/>.</summary>
    public static FakeServer Start(bool webSocket = false, int port = 0) => new(webSocket, port);

    /// <summary>Waits for the next client connection.</summary>
    public Task<FakeConnection> AcceptAsync() =>
        Eventually.WithinAsync(_accepted.Reader.ReadAsync().AsTask(), "the client to connect");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
                var stream = new NetworkStream(socket, ownsSocket: true);
                IFakeFrames frames = WebSocket
                    ? await FakeWebSocketFrames.AcceptAsync(stream, _stop.Token)
                    : new FakeTcpFrames(stream);
                var connection = new FakeConnection(frames);
                lock (_connections)
                {
                    _connections.Add(connection);
                }

                _accepted.Writer.TryWrite(connection);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Stopped.
        }
    }
}
