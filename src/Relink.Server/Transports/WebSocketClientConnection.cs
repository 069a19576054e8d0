using System.Buffers;
using System.Net.WebSockets;
using Relink.Protocol;
using Relink.Server.Connections;
using Relink.Server.Pipeline;
using Relink.Server.Sessions;

namespace Relink.Server.Transports;

/// <summary>
/// A client on the WebSocket endpoint. One WebSocket message is one frame (no length prefix): binary messages
/// carry protobuf, text messages the canonical JSON mapping. Replies use JSON when the client negotiated the
/// "relink.json" subprotocol, or, without a subprotocol, when its first message was text.
/// </summary>
internal sealed class WebSocketClientConnection : ClientConnection
{
    private readonly WebSocket _socket;
    private readonly CancellationToken _aborted;
    private bool _json;
    private bool _encodingDecided;

    // aborted: the request's "aborted" token, which ends receives and sends when the link is gone.
    public WebSocketClientConnection(WebSocket socket, System.Net.IPEndPoint? remote, string? subProtocol, int outboundCapacity, TimeProvider time, CancellationToken aborted)
        : base("ws", remote, outboundCapacity, time)
    {
        _socket = socket;
        _aborted = aborted;
        _json = subProtocol == EnvelopeJson.SubProtocol;
        _encodingDecided = subProtocol is not null;
    }

    /// <summary>Runs both loops until the connection ends.</summary>
    /// <remarks>
    /// Cancelling a WebSocket receive aborts the socket, which would lose a final Error or Kicked frame. So a
    /// server-side close drains the outbound queue, sends the close message and lets the client's close reply end
    /// the receive loop (aborting only if it does not come).
    /// </remarks>
    public async Task RunAsync(FrameProcessor processor, int maxFrameSize)
    {
        var receiving = ReceiveUntilClosedAsync(processor, maxFrameSize, _aborted);
        var sending = WhenSendingEnded();
        if (await Task.WhenAny(receiving, sending) == receiving)
        {
            Close(Sessions.CloseReason.ClientClosed);
            await sending;
            await CloseSocketAsync();
            return;
        }

        await CloseSocketAsync();
        if (await Task.WhenAny(receiving, Task.Delay(CloseHandshakeTimeout, CancellationToken.None)) != receiving)
        {
            _socket.Abort();
        }

        await receiving;
    }

    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private async Task ReceiveUntilClosedAsync(FrameProcessor processor, int maxFrameSize, CancellationToken aborted)
    {
        try
        {
            await ReceiveAsync(processor, maxFrameSize, aborted);
            if (!IsClosing)
            {
                await Session.WhenAnsweredAsync(); // sends still waiting for their commit get their answers first
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            Abort(Sessions.CloseReason.TransportError);
        }
    }

    private async Task ReceiveAsync(FrameProcessor processor, int maxFrameSize, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(256);
        while (_socket.State == WebSocketState.Open)
        {
            // A zero-byte read parks an idle connection without holding a buffer.
            if ((await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken)).MessageType == WebSocketMessageType.Close)
            {
                return; // the client started the close handshake; RunAsync completes it
            }

            message.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(message.GetMemory(4096), cancellationToken);
                message.Advance(result.Count);
                if (message.WrittenCount > maxFrameSize)
                {
                    processor.RejectOversizedFrame(Session, new FrameTooLargeException(message.WrittenCount, maxFrameSize));
                    return;
                }
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            MarkRead();
            bool text = result.MessageType == WebSocketMessageType.Text;
            if (!_encodingDecided)
            {
                _json = text;
                _encodingDecided = true;
            }

            if (text)
            {
                await processor.ProcessJsonAsync(Session, message.WrittenSpan);
            }
            else
            {
                await processor.ProcessBinaryAsync(Session, new ReadOnlySequence<byte>(message.WrittenMemory));
            }

            if (message.Capacity > 64 * 1024)
            {
                message = new ArrayBufferWriter<byte>(256); // let one big frame's buffer go
            }
        }
    }

    protected override async ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        if (_json)
        {
            await _socket.SendAsync(frame.JsonUtf8, WebSocketMessageType.Text, true, cancellationToken);
        }
        else
        {
            await _socket.SendAsync(frame.Protobuf, WebSocketMessageType.Binary, true, cancellationToken);
        }
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    protected override CancellationToken SendCancellation => _aborted;

    // The close handshake in RunAsync ends the receive loop; see its remarks.
    protected override void StopReceiving()
    {
    }

    protected override void AbortTransport() => _socket.Abort();

    private async Task CloseSocketAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        var status = CloseReason == Sessions.CloseReason.ProtocolError ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(status, CloseReason?.ToString(), timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException || IsTransportFailure(e))
        {
            _socket.Abort();
        }
    }
}
