using Relink.Server.Sessions;

namespace Relink.Server.Connections;

/// <summary>
/// One client link, whatever the transport: a bounded outbound queue drained by one send loop, the timestamps the
/// heartbeat sweeper reads, and the way to end it. Subclasses write frames in their transport's encoding.
/// </summary>
/// <remarks>
/// Nothing here owns a timer: the <c>HeartbeatSweeper</c> visits every connection on one timer and reads
/// <see cref="LastReadAt"/> / <see cref="LastWriteAt"/>, which the loops update with a plain volatile write.
/// </remarks>
public abstract class ClientConnection
{
    private static long s_nextId;

    private readonly OutboundQueue<OutboundFrame> _outbound;
    private readonly TimeProvider _time;
    private readonly System.Net.EndPoint? _remote;
    private long _lastReadAt;
    private long _lastWriteAt;
    private int _closeRequested;

    /// <summary>Creates the connection with an outbound queue of <paramref name="outboundCapacity"/> frames.</summary>
    protected ClientConnection(string transport, System.Net.EndPoint? remote, int outboundCapacity, TimeProvider time)
    {
        _time = time;
        _remote = remote;
        Transport = transport;
        Id = Interlocked.Increment(ref s_nextId);
        ConnectedAt = _lastReadAt = _lastWriteAt = time.GetTimestamp();
        _outbound = new OutboundQueue<OutboundFrame>(outboundCapacity); // TryWrite fails when full: a slow consumer
        Session = new Session(this);
    }

    /// <summary>Process-unique id, for logs.</summary>
    public long Id { get; }

    /// <summary>"tcp" or "ws".</summary>
    public string Transport { get; }

    // The two strings below are made on each use (a few times per connection: admission, login, logs, close)
    // rather than kept: the endpoint is held by the transport anyway, and two strings per idle connection are not.

    /// <summary>The peer's address and port, for logs.</summary>
    public string RemoteAddress => _remote?.ToString() ?? "?";

    /// <summary>The peer's IP address without port: the key for per-address limits.</summary>
    public string AddressKey => Limits.ConnectionAdmission.AddressOf(_remote);

    /// <summary>Counted by the connection limits (false for a connection refused at the door).</summary>
    internal bool Admitted { get; set; }

    /// <summary>The session riding on this connection: who is logged in, if anyone.</summary>
    public Session Session { get; }

    /// <summary>Timestamp (TimeProvider) of the accept.</summary>
    public long ConnectedAt { get; }

    /// <summary>Timestamp of the last inbound frame.</summary>
    public long LastReadAt => Volatile.Read(ref _lastReadAt);

    /// <summary>Timestamp of the last flushed outbound write.</summary>
    public long LastWriteAt => Volatile.Read(ref _lastWriteAt);

    /// <summary>Why the connection is closing, once it is.</summary>
    public CloseReason? CloseReason { get; private set; }

    /// <summary>True once a close or abort was asked for.</summary>
    public bool IsClosing => Volatile.Read(ref _closeRequested) != 0;

    /// <summary>
    /// Queues a frame. Never blocks: when the queue is full the client is not reading, and it is disconnected
    /// rather than letting its backlog grow the server's memory.
    /// </summary>
    /// <returns>False when the frame was not queued (closing, or the queue was full).</returns>
    public bool Send(OutboundFrame frame)
    {
        if (_outbound.TryWrite(frame))
        {
            return true;
        }

        if (!IsClosing)
        {
            Abort(Connections.CloseReason.SlowConsumer);
        }

        return false;
    }

    /// <summary>
    /// Ends the connection politely: frames already queued (such as a final Error or Kicked) are still written,
    /// then the transport closes.
    /// </summary>
    public void Close(CloseReason reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        CloseReason = reason;
        _outbound.TryComplete();
        StopReceiving();
    }

    /// <summary>Ends the connection at once, dropping anything queued (dead link, slow consumer).</summary>
    public void Abort(CloseReason reason)
    {
        Interlocked.Exchange(ref _closeRequested, 1);
        CloseReason ??= reason;
        _outbound.TryComplete();
        AbortTransport();
    }

    /// <summary>Records inbound life; called by the receive loop for every frame.</summary>
    protected void MarkRead() => Volatile.Write(ref _lastReadAt, _time.GetTimestamp());

    /// <summary>
    /// Drains the outbound queue until the connection closes: everything that is queued is written, then flushed
    /// once, so a burst of pushes costs one syscall.
    /// </summary>
    protected async Task RunSendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            // No token on the parked wait: every way a connection ends completes the queue (Close, Abort, and the
            // receive loop's exit, which calls Close), and that ends this wait.
            while (await _outbound.WaitToReadAsync())
            {
                while (_outbound.TryRead(out var frame))
                {
                    await WriteAsync(frame, cancellationToken);
                }

                await FlushAsync(cancellationToken);
                Volatile.Write(ref _lastWriteAt, _time.GetTimestamp());
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            Abort(Connections.CloseReason.TransportError);
        }
    }

    /// <summary>Writes (or buffers) one frame.</summary>
    protected abstract ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken);

    /// <summary>Pushes buffered frames to the socket.</summary>
    protected abstract ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>Makes the receive loop end soon, without dropping the queued outbound frames.</summary>
    protected abstract void StopReceiving();

    /// <summary>Tears the transport down now.</summary>
    protected abstract void AbortTransport();

    /// <summary>Whether an exception is the socket failing (as opposed to a bug).</summary>
    protected static bool IsTransportFailure(Exception e) =>
        e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException
            or System.Net.WebSockets.WebSocketException or InvalidOperationException
            or Microsoft.AspNetCore.Connections.ConnectionResetException
            or Microsoft.AspNetCore.Connections.ConnectionAbortedException;
}
