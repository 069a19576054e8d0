using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Relink.Client.Transport;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Client.Link;

/// <summary>
/// One open connection: a receive loop that hands answers to their requests and everything else to the client,
/// a write gate that keeps frames whole, the requests waiting for answers, and when the link last read and
/// wrote (for the heartbeat). It ends exactly once; from then on every waiting and new request fails at once.
/// </summary>
internal sealed partial class ClientLink : IAsyncDisposable
{
    // Waiting for the server to close its side after ours is only politeness (so a last ack is read before the
    // socket goes); never let it hold up a dispose for long.
    private static readonly TimeSpan GracefulCloseWait = TimeSpan.FromSeconds(2);

    private readonly IClientTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<ClientLink, Envelope> _onPush;
    private readonly Action<ClientLink, string, Exception?> _onClosed;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly PendingRequests _pending = new();
    private long _lastReadTimestamp;
    private long _lastWriteTimestamp;
    private string? _expectedCloseReason;
    private string? _closeReason;
    private int _closed;
    private Task _receiveLoop = Task.CompletedTask;

    public ClientLink(
        IClientTransport transport,
        TimeProvider time,
        ILogger logger,
        Action<ClientLink, Envelope> onPush,
        Action<ClientLink, string, Exception?> onClosed)
    {
        _transport = transport;
        _time = time;
        _logger = logger;
        _onPush = onPush;
        _onClosed = onClosed;
        _lastReadTimestamp = _lastWriteTimestamp = time.GetTimestamp();
    }

    /// <summary>When a frame was last read (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public long LastReadTimestamp => Volatile.Read(ref _lastReadTimestamp);

    /// <summary>When a frame was last written (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public long LastWriteTimestamp => Volatile.Read(ref _lastWriteTimestamp);

    /// <summary>Whether the link has ended.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>How many requests wait for an answer.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Starts the receive loop.</summary>
    public void Start() => _receiveLoop = Task.Run(ReceiveLoopAsync);

    /// <summary>
    /// Sends a request and waits for its answer (the matching response or an Error envelope).
    /// </summary>
    /// <param name="request">The request; its RequestId is assigned here.</param>
    /// <param name="timeout">How long to wait, writing included.</param>
    /// <param name="onAnswer">Runs on the receive loop with the answer, before the next frame is read.</param>
    /// <param name="cancellationToken">Gives up waiting (the request may still be applied by the server).</param>
    /// <exception cref="RelinkTimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="RelinkConnectionException">The link ended before the answer came.</exception>
    public async Task<Envelope> RequestAsync(Envelope request, TimeSpan timeout, Action<Envelope>? onAnswer, CancellationToken cancellationToken)
    {
        PendingRequest pending = _pending.Add(request, onAnswer);
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await SendAsync(request, wait.Token);
            return await pending.Answer.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RelinkTimeoutException($"{Capitalize(RequestNames.Of(pending.Kind))} got no answer within {timeout.TotalSeconds:0.###} s.", e);
        }
        finally
        {
            _pending.Remove(pending);
        }
    }

    /// <summary>
    /// Writes a request and returns, as soon as it is written, the task of its answer: the caller may write the next
    /// request before this one is answered (the outbox keeps several sends in flight this way). Frames leave in the
    /// order of the calls that awaited each write before the next; the answer never times out (it fails when the link
    /// ends).
    /// </summary>
    /// <param name="request">The request; its RequestId is assigned here.</param>
    /// <param name="onAnswer">Runs on the receive loop with the answer, before the next frame is read.</param>
    /// <exception cref="RelinkConnectionException">The link has ended, or ended while writing.</exception>
    public async ValueTask<Task<Envelope>> WriteRequestAsync(Envelope request, Action<Envelope>? onAnswer)
    {
        PendingRequest pending = _pending.Add(request, onAnswer);
        try
        {
            await SendAsync(request, CancellationToken.None);
        }
        catch
        {
            _pending.Remove(pending);
            throw;
        }

        return pending.Answer;
    }

    /// <summary>Writes one request that waits for no answer (an ack), with a fresh non-zero request id.</summary>
    /// <exception cref="RelinkConnectionException">The link has ended, or ended while writing.</exception>
    public ValueTask PostAsync(Envelope request, CancellationToken cancellationToken)
    {
        _pending.AssignId(request);
        return SendAsync(request, cancellationToken);
    }

    /// <summary>Writes one frame whose id is already set (its answer, if any, is awaited elsewhere).</summary>
    /// <exception cref="RelinkConnectionException">The link has ended, or ended while writing.</exception>
    private async ValueTask SendAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfClosed();

            // Only the link's own end cancels a write: a frame abandoned halfway would corrupt the stream.
            await _transport.SendAsync(envelope, _lifetime.Token);
            Volatile.Write(ref _lastWriteTimestamp, _time.GetTimestamp());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the write failed with, a frame may be half written, so the link cannot go on. A link closed
            // meanwhile (by the receive loop, the heartbeat, an abort) explains the failure: the transport was torn
            // down under the write. Otherwise the reason says whether the network or this client failed.
            Close(IsTransportFailure(e) ? "the connection failed while writing: " + e.Message : "the client failed to write a frame: " + e.Message, e);
            ThrowIfClosed();
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Records why the server is about to close the link (it said so: kicked, going away, a fatal error), so the
    /// close that follows reports that instead of a bare "the server closed the connection".
    /// </summary>
    public void ExpectClose(string reason) => Interlocked.CompareExchange(ref _expectedCloseReason, reason, null);

    /// <summary>Ends the link now, failing everything that waits on it with <paramref name="reason"/>.</summary>
    public void Abort(string reason, Exception? error = null) => Close(reason, error);

    /// <summary>
    /// Ends the link politely: tells the server we are done (after everything already written), gives it a
    /// moment to close its side, then ends the link with <paramref name="reason"/>.
    /// </summary>
    public async ValueTask CloseAsync(string reason)
    {
        if (IsClosed)
        {
            return;
        }

        ExpectClose(reason);
        try
        {
            await _writeGate.WaitAsync(_lifetime.Token);
            try
            {
                await _transport.CloseAsync(_lifetime.Token);
            }
            finally
            {
                _writeGate.Release();
            }

            await _receiveLoop.WaitAsync(GracefulCloseWait, _time);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException || IsTransportFailure(e) || IsClosed)
        {
            // The server did not answer our goodbye in time, or the link failed on the way: close it anyway.
        }

        Close(reason, null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Close("the client closed the connection", null);
        await _receiveLoop;
    }

    private async Task ReceiveLoopAsync()
    {
        string reason = "the server closed the connection";
        Exception? error = null;
        try
        {
            while (true)
            {
                Envelope? envelope = await _transport.ReceiveAsync(_lifetime.Token);
                if (envelope is null)
                {
                    break;
                }

                Volatile.Write(ref _lastReadTimestamp, _time.GetTimestamp());
                Dispatch(envelope);
            }
        }
        catch (Exception) when (_lifetime.IsCancellationRequested)
        {
            // Aborted from outside (Close already recorded the reason): whatever the read threw is the transport
            // being torn down under it (a cancelled read, a completed pipe, a disposed socket).
        }
        catch (FrameTooLargeException e)
        {
            (reason, error) = ("the server sent a frame over the limit: " + e.Message, e);
        }
        catch (MalformedFrameException e)
        {
            (reason, error) = ("the server sent a malformed frame: " + e.Message, e);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            (reason, error) = ("the connection was lost: " + e.Message, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug on this side while handling a frame: the link's state is unknown, so end it loudly.
            (reason, error) = ("the client failed to handle a frame: " + e.Message, e);
        }
        finally
        {
            Close(reason, error);
        }
    }

    private void Dispatch(Envelope envelope)
    {
        if (envelope.RequestId != 0)
        {
            if (_pending.TryComplete(envelope))
            {
                return;
            }

            // An answer nobody waits for any more (the request timed out or was cancelled).
            if (envelope.BodyCase != Envelope.BodyOneofCase.Error || !envelope.Error.Fatal)
            {
                LogLateAnswer(_logger, envelope.RequestId, envelope.BodyCase);
                return;
            }
        }

        _onPush(this, envelope);
    }

    private void Close(string reason, Exception? error)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        reason = Volatile.Read(ref _expectedCloseReason) ?? reason;
        Volatile.Write(ref _closeReason, reason);
        _lifetime.Cancel();
        _ = DisposeTransportAsync();
        LogClosed(_logger, reason, error);

        // The client's state says Disconnected before any waiting request learns of the loss, so code that
        // catches the failure and looks at the state sees the truth.
        _onClosed(this, reason, error);
        _pending.FailAll(new RelinkConnectionException("The connection to the Relink server ended: " + reason + ".", error));
    }

    private async Task DisposeTransportAsync()
    {
        try
        {
            await _transport.DisposeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The link is closed already, so nothing here can pass for a drop: note it and let the link go.
            LogTransportDisposeFailed(_logger, e);
        }
    }

    private void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw new RelinkConnectionException("The connection to the Relink server ended: " + (Volatile.Read(ref _closeReason) ?? "it was closed") + ".");
        }
    }

    // What the transports throw when the network or the server ends the link: TCP (through pipes over a NetworkStream
    // or SslStream) an IOException, usually around a SocketException; a WebSocket a WebSocketException (closed
    // prematurely, or an aborted socket's invalid state). An ObjectDisposedException is a socket or stream disposed
    // under a call. An InvalidOperationException is not here: the transports throw it only after this side completed
    // their pipes (which happens once the link is closed, and is handled as that), or for misuse such as two
    // concurrent reads, which is a bug in this client and must not pass for a network drop.
    private static bool IsTransportFailure(Exception e) =>
        e is IOException or SocketException or WebSocketException or ObjectDisposedException;

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
