using System.Net;
using System.Net.Sockets;

namespace Relink.Testing;

/// <summary>
/// A TCP proxy on 127.0.0.1 that forwards each accepted connection to a loopback target and injects faults on
/// demand: resets, black holes, latency, rate caps, split and coalesced writes, refused connections. It stands in
/// for netem and toxiproxy, which this machine does not have, in heartbeat, reconnect and chaos tests and in
/// benchmarks.
/// </summary>
/// <remarks>
/// "Client" is whoever connects to <see cref="EndPoint"/>; "server" is the target. Faults are set per
/// <see cref="ProxyDirection"/> and reach open connections, new ones, or both (<see cref="FaultScope"/>).
/// Time (latency, coalescing, rate caps) comes from the <see cref="TimeProvider"/> given to <see cref="Start(IPEndPoint, TimeProvider?)"/>.
/// </remarks>
public sealed partial class TcpFaultProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint[] _targets;
    private readonly TimeProvider _time;
    private long _nextTarget = -1;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly TrafficCounters _toServer = new();
    private readonly TrafficCounters _toClient = new();

    // Guards the connection set, the faults for new connections and the stopped flag, so that a connection is
    // either registered before a fault change (and changed with the others) or created after it (and born with it).
    private readonly object _gate = new();
    private readonly Dictionary<ProxiedConnection, Task> _connections = [];
    private LinkFaults _newToServer = LinkFaults.None;
    private LinkFaults _newToClient = LinkFaults.None;
    private bool _stopped;

    private volatile bool _refusingNew;
    private long _accepted;
    private long _refused;

    private TcpFaultProxy(IPEndPoint[] targets, TimeProvider time)
    {
        if (targets.Length == 0)
        {
            throw new ArgumentException("The proxy needs at least one target.", nameof(targets));
        }

        if (targets.FirstOrDefault(t => !IPAddress.IsLoopback(t.Address)) is { } remote)
        {
            throw new ArgumentException($"The proxy only forwards to loopback addresses, not {remote}.", nameof(targets));
        }

        _targets = targets;
        _time = time;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(backlog: 512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Starts a proxy on 127.0.0.1 (a port the OS picks) that forwards to <paramref name="target"/>.</summary>
    /// <param name="target">A loopback endpoint; others are refused, so tests never send traffic off the machine.</param>
    /// <param name="timeProvider">Clock for latency, coalescing and rate caps; default <see cref="TimeProvider.System"/>.</param>
    public static TcpFaultProxy Start(IPEndPoint target, TimeProvider? timeProvider = null) =>
        new([target], timeProvider ?? TimeProvider.System);

    /// <summary>
    /// Starts a proxy that spreads new connections round-robin over <paramref name="targetPorts"/> on 127.0.0.1, as a
    /// load balancer without sticky sessions does (one that does not check health: a connection sent to a dead
    /// target is reset, and the client's next attempt goes to the next one).
    /// </summary>
    public static TcpFaultProxy StartRoundRobin(IEnumerable<int> targetPorts, TimeProvider? timeProvider = null) =>
        new([.. targetPorts.Select(port => new IPEndPoint(IPAddress.Loopback, port))], timeProvider ?? TimeProvider.System);

    /// <summary>Starts a proxy that forwards to <paramref name="targetPort"/> on 127.0.0.1.</summary>
    public static TcpFaultProxy Start(int targetPort, TimeProvider? timeProvider = null) =>
        Start(new IPEndPoint(IPAddress.Loopback, targetPort), timeProvider);

    // Round-robin over the targets, one step per accepted connection.
    private IPEndPoint NextTarget() => _targets.Length == 1 ? _targets[0] : _targets[(int)((ulong)Interlocked.Increment(ref _nextTarget) % (ulong)_targets.Length)];

    /// <summary>Where clients connect: 127.0.0.1 and <see cref="Port"/>.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The port clients connect to.</summary>
    public int Port => EndPoint.Port;

    /// <summary>Where connections are forwarded (the first target, with several).</summary>
    public IPEndPoint Target => _targets[0];

    /// <summary>Connections the listener accepted, refused ones included.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections reset at once because <see cref="RefuseNew"/> was in force.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);

    /// <summary>Connections being forwarded now (from accept until both directions ended or were reset).</summary>
    public int ActiveConnections
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Bytes read from clients and queued for forwarding (held bytes included).</summary>
    public long BytesFromClient => _toServer.BytesRead;

    /// <summary>Bytes written to the server.</summary>
    public long BytesToServer => _toServer.BytesWritten;

    /// <summary>Socket writes made to the server: equal bytes in more writes means split, in fewer means coalesced.</summary>
    public long WritesToServer => _toServer.Writes;

    /// <summary>Bytes read from the server and queued for forwarding (held bytes included).</summary>
    public long BytesFromServer => _toClient.BytesRead;

    /// <summary>Bytes written to clients.</summary>
    public long BytesToClient => _toClient.BytesWritten;

    /// <summary>Socket writes made to clients.</summary>
    public long WritesToClient => _toClient.Writes;

    /// <summary>
    /// Stops listening (new connections are refused by the OS) and resets every open connection, then waits
    /// until all of the proxy's work has ended. Calling it again does nothing more.
    /// </summary>
    public async Task StopAsync()
    {
        bool first;
        ProxiedConnection[] open;
        Task[] running;
        lock (_gate)
        {
            first = !_stopped;
            _stopped = true;
            open = [.. _connections.Keys];
            running = [.. _connections.Values];
        }

        if (first)
        {
            _stopping.Cancel();
            _listener.Dispose();
        }

        foreach (var connection in open)
        {
            connection.Abort();
        }

        await _acceptLoop;
        await Task.WhenAll(running);
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (_stopping.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up while queued in the backlog; the listener is fine.
                continue;
            }

            Interlocked.Increment(ref _accepted);
            if (_refusingNew)
            {
                Interlocked.Increment(ref _refused);
                client.ResetAndClose();
                continue;
            }

            Forward(client);
        }
    }

    private void Forward(Socket client)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                client.ResetAndClose();
                return;
            }

            var connection = new ProxiedConnection(client, NextTarget(), _newToServer, _newToClient, _toServer, _toClient, _time);
            // Task.Run, so that the removal in RunConnectionAsync cannot run before this registration (it needs the lock).
            _connections.Add(connection, Task.Run(() => RunConnectionAsync(connection)));
        }
    }

    private async Task RunConnectionAsync(ProxiedConnection connection)
    {
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }
        }
    }
}
