using System.Diagnostics;
using Relink.Server.Diagnostics;
using Relink.Server.Sessions;

namespace Relink.Server.Connections;

/// <summary>
/// One client link, whatever the transport: a bounded outbound queue drained by one writer at a time, the timestamps
/// the heartbeat sweeper reads, and the way to end it. Subclasses write frames in their transport's encoding.
/// </summary>
/// <remarks>
/// Nothing here owns a timer: the <c>HeartbeatSweeper</c> visits every connection on one timer and reads
/// <see cref="LastReadAt"/> / <see cref="LastWriteAt"/>, which the loops update with a plain volatile write.
/// </remarks>
public abstract class ClientConnection : ISessionLink, IThreadPoolWorkItem
{
    private static long s_nextId;

    private readonly OutboundQueue<OutboundFrame> _outbound;
    private readonly TimeProvider _time;
    private readonly System.Net.EndPoint? _remote;
    private long _lastReadAt;
    private long _lastWriteAt;
    private int _closeRequested;
    private long _politeCloseAt = NoPoliteClose;
    private int _draining;

    // How sending ended: null while it has not and nobody waits, a TaskCompletionSource while someone waits, then
    // the outcome as a completed Task. See WhenSendingEnded.
    private object? _sendEnd;

    /// <summary>Creates the connection with an outbound queue of <paramref name="outboundCapacity"/> frames.</summary>
    protected ClientConnection(string transport, System.Net.EndPoint? remote, int outboundCapacity, TimeProvider time)
    {
        _time = time;
        _remote = remote;
        Transport = transport;
        Id = Interlocked.Increment(ref s_nextId);
        ConnectedAt = _lastReadAt = _lastWriteAt = time.GetTimestamp();
        _outbound = new OutboundQueue<OutboundFrame>(outboundCapacity); // TryWrite fails when full: a slow consumer
        OutboundCapacity = outboundCapacity;
        Session = new Session(this);
    }

    /// <summary>How many frames may wait to be written before the client counts as a slow consumer (--outbound-queue).</summary>
    public int OutboundCapacity { get; }

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

    /// <summary>Where the writer records delivery lag and queue depth; set when the connection is admitted.</summary>
    internal RelinkMetrics? Metrics { get; set; }

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
    /// When a polite <see cref="Close"/> that is still writing was asked for (a <see cref="TimeProvider"/> timestamp),
    /// or null. The sweeper aborts a close that never finishes: a half-open link can hold a write for many minutes.
    /// </summary>
    public long? PoliteCloseAt => Volatile.Read(ref _politeCloseAt) is var at and not NoPoliteClose ? at : null;

    private const long NoPoliteClose = long.MinValue;

    /// <summary>
    /// Queues a frame. Never blocks: when the queue is full the client is not reading, and it is disconnected
    /// rather than letting its backlog grow the server's memory.
    /// </summary>
    /// <returns>False when the frame was not queued (closing, or the queue was full).</returns>
    public bool Send(OutboundFrame frame)
    {
        if (_outbound.TryWrite(frame))
        {
            ScheduleDrain();
            return true;
        }

        if (!IsClosing)
        {
            Abort(Sessions.CloseReason.SlowConsumer);
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
        Volatile.Write(ref _politeCloseAt, _time.GetTimestamp());
        _outbound.TryComplete();
        ScheduleDrain(); // writes what is queued, then marks sending as ended
        StopReceiving();
    }

    /// <summary>Ends the connection at once, dropping anything queued (dead link, slow consumer).</summary>
    public void Abort(CloseReason reason)
    {
        Interlocked.Exchange(ref _closeRequested, 1);
        Volatile.Write(ref _politeCloseAt, NoPoliteClose);
        CloseReason ??= reason;
        _outbound.TryComplete();
        ScheduleDrain(); // marks sending as ended once any drain in progress stops (writes to the aborted transport fail)
        AbortTransport();
    }

    /// <summary>Records inbound life; called by the receive loop for every frame.</summary>
    protected void MarkRead() => Volatile.Write(ref _lastReadAt, _time.GetTimestamp());

    /// <inheritdoc />
    public void RestartReadClock() => MarkRead();

    /// <summary>Cancels a write or flush in progress (the transport's "connection closed" token).</summary>
    protected virtual CancellationToken SendCancellation => CancellationToken.None;

    /// <summary>
    /// Completes when sending has ended: the connection was closed and everything queued before was written, or the
    /// transport failed. Faults if writing hit a bug, so the transport's loop surfaces it.
    /// </summary>
    protected Task WhenSendingEnded()
    {
        TaskCompletionSource? made = null;
        object? seen = Volatile.Read(ref _sendEnd);
        while (true)
        {
            switch (seen)
            {
                case Task ended:
                    return ended;
                case TaskCompletionSource waiting:
                    return waiting.Task;
            }

            made ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            seen = Interlocked.CompareExchange(ref _sendEnd, made, null);
            if (seen is null)
            {
                return made.Task;
            }
        }
    }

    /// <summary>
    /// Starts a drain unless one is scheduled or running. There is no send loop parked on an idle connection (its
    /// state machine and task would cost every idle connection ~0.15 KiB): a frame queued to an idle connection
    /// queues the connection itself to the thread pool, and the drain ends when the queue is empty.
    /// </summary>
    private void ScheduleDrain()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    /// <summary>
    /// Writes everything queued, then flushes once, so a burst of pushes costs one syscall. Only one drain runs at a
    /// time (<see cref="_draining"/>), so frames leave in queue order. Completes synchronously, allocating nothing,
    /// unless the transport makes it wait.
    /// </summary>
    private async Task DrainAsync()
    {
        try
        {
            do
            {
                int written = 0;
                while (_outbound.TryRead(out var frame))
                {
                    // A message push is the last step of its trace (when traced) and the end of its delivery lag.
                    // Written inline: a helper awaiting the write would box a state machine per push.
                    using (var push = frame.Trace is { } publish ? RelinkTracing.Source.StartActivity(RelinkTracing.Push, ActivityKind.Producer, publish.Context) : null)
                    {
                        push?.SetTag("relink.transport", Transport);
                        await WriteAsync(frame, SendCancellation);
                    }

                    if (frame.CommittedAt != 0)
                    {
                        Metrics?.DeliveryLag.Record(_time.GetElapsedTime(frame.CommittedAt).TotalMilliseconds);
                    }

                    written++;
                }

                if (written > 0)
                {
                    await FlushAsync(SendCancellation);
                    Volatile.Write(ref _lastWriteAt, _time.GetTimestamp());
                    Metrics?.OutboundQueueDepth.Record(written);
                }

                Interlocked.Exchange(ref _draining, 0);
                if (_outbound.IsFinished)
                {
                    EndSending(null);
                    return;
                }
            }
            // A producer that queued after the last read but saw the drain still running did not start one: take
            // its frames now, unless another drain has already started for them.
            while (_outbound.Count > 0 && Interlocked.Exchange(ref _draining, 1) == 0);
        }
        catch (OperationCanceledException)
        {
            EndSending(null); // the transport closed; _draining stays set, so nothing writes to it again
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            Abort(Sessions.CloseReason.TransportError);
            EndSending(null);
        }
        catch (Exception e)
        {
            EndSending(e);
        }
    }

    private void EndSending(Exception? failure)
    {
        Task outcome = failure is null ? Task.CompletedTask : Task.FromException(failure);
        object? seen = Volatile.Read(ref _sendEnd);
        while (seen is not Task)
        {
            object? previous = Interlocked.CompareExchange(ref _sendEnd, outcome, seen);
            if (ReferenceEquals(previous, seen))
            {
                if (seen is TaskCompletionSource waiting)
                {
                    if (failure is null)
                    {
                        waiting.TrySetResult();
                    }
                    else
                    {
                        waiting.TrySetException(failure);
                    }
                }

                return;
            }

            seen = previous;
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

    /// <summary>
    /// Whether an exception is the link failing (as opposed to a bug): only what sockets, Kestrel's transport and
    /// WebSockets throw when the peer or the path goes away. An <see cref="InvalidOperationException"/> is a bug
    /// (such as writing to a pipe this code completed) and must surface, not pass for a dropped link.
    /// </summary>
    protected static bool IsTransportFailure(Exception e) =>
        e is IOException // ConnectionResetException (Kestrel: reset by peer) is one
            or System.Net.Sockets.SocketException
            or System.Net.WebSockets.WebSocketException
            or Microsoft.AspNetCore.Connections.ConnectionAbortedException // Kestrel: the connection was aborted under a read or write
            // The WebSocket is disposed when its request ends (the endpoint's using, or the server tearing the request
            // down after an abort); a receive or send racing that reports ObjectDisposedException.
            or ObjectDisposedException;
}
