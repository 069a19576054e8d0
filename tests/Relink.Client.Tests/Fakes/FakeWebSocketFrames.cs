using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Client.Tests.Fakes;

/// <summary>
/// The server end of a WebSocket, built on the accepted socket with a hand-written upgrade handshake and
/// <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>: no web host needed.
/// </summary>
internal sealed class FakeWebSocketFrames : IFakeFrames
{
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private FakeWebSocketFrames(WebSocket socket, string? requestedProtocol)
    {
        _socket = socket;
        RequestedSubProtocol = requestedProtocol;
    }

    /// <summary>What the client asked for in Sec-WebSocket-Protocol.</summary>
    public string? RequestedSubProtocol { get; }

    public static async Task<FakeWebSocketFrames> AcceptAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var headers = await ReadRequestHeadersAsync(stream, cancellationToken);
        string key = headers["sec-websocket-key"];
        headers.TryGetValue("sec-websocket-protocol", out string? protocol);
        // RFC 6455 section 4.2.2 fixes SHA-1 for the accept key; it proves nothing cryptographic.
#pragma warning disable CA5350
        string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));
#pragma warning restore CA5350
        string response =
            "HTTP/1.1 101 Switching Protocols\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            $"Sec-WebSocket-Accept: {accept}\r\n" +
            $"Sec-WebSocket-Protocol: {EnvelopeJson.BinarySubProtocol}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = EnvelopeJson.BinarySubProtocol,
            KeepAliveInterval = TimeSpan.Zero,
        });
        return new FakeWebSocketFrames(socket, protocol);
    }

    public async Task<Envelope?> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            if (result.MessageType != WebSocketMessageType.Binary)
            {
                throw new InvalidDataException("The client sent a text message on relink.protobuf.");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Envelope.Parser.ParseFrom(message.ToArray());
            }
        }
    }

    public async Task SendAsync(Envelope envelope)
    {
        await _writeGate.WaitAsync();
        try
        {
            await _socket.SendAsync(Google.Protobuf.MessageExtensions.ToByteArray(envelope), WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<Dictionary<string, string>> ReadRequestHeadersAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        // The client sends nothing after its upgrade request until it has our answer, so reading byte by byte
        // up to the blank line cannot swallow WebSocket frames.
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The client closed during the WebSocket handshake.");
            }

            text.Append((char)one[0]);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in text.ToString().Split("\r\n").Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }
}
