using System.Buffers;
using System.Net.WebSockets;
using Google.Protobuf;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Client.Transport;

/// <summary>
/// One protobuf Envelope per binary WebSocket message (subprotocol <c>relink.protobuf</c>). A WebSocket message is
/// already a frame, so there is no length prefix inside it.
/// </summary>
internal sealed class WebSocketTransport : IClientTransport
{
    private readonly ClientWebSocket _socket;
    private readonly int _maxFrameSize;
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(4096);
    private readonly ArrayBufferWriter<byte> _receiveBuffer = new(4096);

    private WebSocketTransport(ClientWebSocket socket, int maxFrameSize)
    {
        _socket = socket;
        _maxFrameSize = maxFrameSize;
    }

    /// <summary>Opens the WebSocket and checks that the server accepted the binary subprotocol.</summary>
    public static async Task<WebSocketTransport> ConnectAsync(Uri uri, int maxFrameSize, System.Security.Cryptography.X509Certificates.X509Certificate2? trusted, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        if (trusted is not null)
        {
            socket.Options.RemoteCertificateValidationCallback = ServerCertificateValidation.For(trusted);
        }

        socket.Options.AddSubProtocol(EnvelopeJson.BinarySubProtocol);

        // Relink has its own application heartbeat (Ping/Pong envelopes); WebSocket keep-alives would only add noise.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
            if (socket.SubProtocol != EnvelopeJson.BinarySubProtocol)
            {
                throw new WebSocketException($"The server did not accept the '{EnvelopeJson.BinarySubProtocol}' subprotocol.");
            }

            return new WebSocketTransport(socket, maxFrameSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        _sendBuffer.ResetWrittenCount();
        envelope.WriteTo(_sendBuffer);
        await _socket.SendAsync(_sendBuffer.WrittenMemory, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<Envelope?> ReceiveAsync(CancellationToken cancellationToken)
    {
        _receiveBuffer.ResetWrittenCount();
        while (true)
        {
            Memory<byte> space = _receiveBuffer.GetMemory(4096);
            ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(space, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            if (result.MessageType != WebSocketMessageType.Binary)
            {
                throw new MalformedFrameException("The server sent a text message on a binary (relink.protobuf) connection.");
            }

            _receiveBuffer.Advance(result.Count);
            if (_receiveBuffer.WrittenCount > _maxFrameSize)
            {
                throw new FrameTooLargeException(_receiveBuffer.WrittenCount, _maxFrameSize);
            }

            if (result.EndOfMessage)
            {
                return FrameReader.ParseEnvelope(new ReadOnlySequence<byte>(_receiveBuffer.WrittenMemory));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
