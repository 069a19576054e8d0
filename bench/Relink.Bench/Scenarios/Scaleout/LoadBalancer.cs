using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The load balancer in front of the nodes: a TCP proxy on 127.0.0.1 that sends each new connection to the next node
/// in turn (round-robin, no sticky sessions), skipping a node that refuses the connection, as a balancer's passive
/// health check does. It carries bytes only, so it serves Relink's TCP protocol and SignalR's WebSockets alike.
/// </summary>
/// <remarks>
/// Several balancer processes may share one port with SO_REUSEPORT (the kernel spreads new connections over them),
/// each with a round-robin of its own: that keeps a process's descriptors (two per proxied connection) under the
/// per-process limit at 15,000 clients. A connection holds no buffer while it is idle: each direction waits with a zero-byte read and rents a buffer only
/// when bytes are there, so thousands of idle connections cost the generator little memory.
/// </remarks>
internal sealed class LoadBalancer : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly Socket _listener;
    private readonly int[] _nodePorts;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly Task _accepting;
    private long _next = -1;

    // Linux's SOL_SOCKET and SO_REUSEPORT, which .NET has no named option for.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    private LoadBalancer(int[] nodePorts, int port, bool sharePort)
    {
        _nodePorts = nodePorts;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (sharePort)
        {
            _listener.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
        }

        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(4096);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts a balancer over the nodes listening on <paramref name="nodePorts"/> (127.0.0.1).</summary>
    /// <param name="nodePorts">The nodes' ports.</param>
    /// <param name="port">The port to listen on; 0: any free one.</param>
    /// <param name="sharePort">Whether other balancer processes listen on the same port (SO_REUSEPORT).</param>
    public static LoadBalancer Start(IEnumerable<int> nodePorts, int port = 0, bool sharePort = false) => new([.. nodePorts], port, sharePort);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptAsync(_stopping.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        Socket? node = await ConnectToANodeAsync();
        if (node is null)
        {
            client.Dispose(); // every node refused: the client sees a closed connection and retries
            return;
        }

        _sockets.TryAdd(client, 0);
        _sockets.TryAdd(node, 0);
        try
        {
            // When either side closes or fails, both connections go, as a balancer's do.
            await Task.WhenAny(PumpAsync(client, node), PumpAsync(node, client));
        }
        finally
        {
            _sockets.TryRemove(client, out _);
            _sockets.TryRemove(node, out _);
            client.Dispose();
            node.Dispose();
        }
    }

    private async Task<Socket?> ConnectToANodeAsync()
    {
        for (int tried = 0; tried < _nodePorts.Length; tried++)
        {
            int port = _nodePorts[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_nodePorts.Length)];
            var node = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                deadline.CancelAfter(TimeSpan.FromSeconds(2));
                await node.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
                return node;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                node.Dispose();
            }
        }

        return null;
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        try
        {
            while (true)
            {
                // Wait without a buffer; rent one only when bytes have arrived.
                await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                try
                {
                    int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0)
                    {
                        return;
                    }

                    for (int sent = 0; sent < read;)
                    {
                        sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _accepting;
        foreach (var socket in _sockets.Keys)
        {
            socket.Dispose();
        }
    }
}
