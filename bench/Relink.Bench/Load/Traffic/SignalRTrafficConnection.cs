using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Relink.Bench.Load.Traffic;

/// <summary>
/// A JSON hub-protocol client under traffic. As a sender it invokes one hub method (<c>Send(to, text)</c> or
/// <c>SendToGroup(group, text)</c>) from one pre-encoded template, the intended send time (19 digits) patched in place
/// as both the invocation id and the text, and times the completions (the hub's acknowledgement). As a receiver it
/// times <c>Message(from, conversation, text)</c> invocations. Records are read with <see cref="Utf8JsonReader"/> over
/// a reused buffer: nothing is allocated per message.
/// </summary>
internal sealed class SignalRTrafficConnection : TrafficConnection
{
    private const int ReceiveBufferSize = 16 * 1024;
    private const int MessageTextArgument = 2; // Message(from, conversation, text)

    private readonly ClientWebSocket _socket;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];

    private SignalRTrafficConnection(ClientWebSocket socket, TrafficRecorder recorder, string? method, string? target)
        : base(recorder, method is null || target is null ? null : SignalRHubProtocol.Invocation(Placeholder, method, [target, Placeholder]))
    {
        _socket = socket;
    }

    /// <inheritdoc />
    protected override ReadOnlyMemory<byte> PingBytes => SignalRHubProtocol.Ping;

    /// <summary>
    /// Takes over a logged-in setup session's socket and starts reading; with <paramref name="method"/> and
    /// <paramref name="target"/> it sends <c>method(target, text)</c>, without them it only receives (a SignalR
    /// receiver acknowledges nothing: the hub forgets a message once it is written to the socket).
    /// </summary>
    public static SignalRTrafficConnection Start(SignalRSetupSession session, TrafficRecorder recorder, string? method, string? target)
    {
        var (socket, unread) = session.Release();
        var connection = new SignalRTrafficConnection(socket, recorder, method, target);
        unread.CopyTo(connection._receiveBuffer, 0);
        connection.Receiving = connection.ReceiveAsync(unread.Length);
        return connection;
    }

    /// <inheritdoc />
    protected override ValueTask WriteAsync(ReadOnlyMemory<byte> bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <inheritdoc />
    protected override bool IsTransportFailure(Exception error) =>
        error is WebSocketException or ObjectDisposedException or IOException or InvalidOperationException;

    /// <inheritdoc />
    protected override void CloseTransport()
    {
        _socket.Abort(); // no close handshake: the generator tears down a thousand at once
        _socket.Dispose();
    }

    private async Task ReceiveAsync(int filled)
    {
        try
        {
            while (true)
            {
                int consumed = 0;
                long now = Stopwatch.GetTimestamp();
                int end;
                while ((end = _receiveBuffer.AsSpan(consumed, filled - consumed).IndexOf(SignalRHubProtocol.RecordSeparator)) >= 0)
                {
                    if (!Handle(_receiveBuffer.AsSpan(consumed, end), now))
                    {
                        throw new WebSocketException("the hub closed the connection");
                    }

                    consumed += end + 1;
                }

                _receiveBuffer.AsSpan(consumed, filled - consumed).CopyTo(_receiveBuffer);
                filled -= consumed;
                if (filled == ReceiveBufferSize)
                {
                    throw new WebSocketException("a hub record does not fit the traffic client's buffer");
                }

                var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                filled += result.Count;
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException or JsonException)
        {
        }

        LostConnection();
    }

    /// <summary>Times a completion or a Message; false for a Close record.</summary>
    private bool Handle(ReadOnlySpan<byte> record, long now)
    {
        var reader = new Utf8JsonReader(record);
        int type = 0;
        long invocationId = -1;
        long text = -1;
        bool error = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                reader.Read();
                invocationId = Utf8Parser.TryParse(reader.ValueSpan, out long id, out _) ? id : -1;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read(); // [
                for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                {
                    if (i == MessageTextArgument && reader.TokenType == JsonTokenType.String)
                    {
                        text = Utf8Parser.TryParse(reader.ValueSpan, out long sent, out _) ? sent : -1;
                    }

                    reader.Skip();
                }
            }
            else
            {
                error |= reader.ValueTextEquals("error"u8);
                reader.Read();
                reader.Skip();
            }
        }

        switch (type)
        {
            case 3 when error: // completion with an error
                Recorder.Error();
                break;
            case 3 when invocationId >= 0:
                Recorder.Acked(invocationId, now);
                break;
            case 1 when text >= 0 && invocationId < 0: // a Message invocation from the hub (no id: no answer wanted)
                Recorder.Delivered(text, now);
                break;
            case 7:
                return false;
        }

        return true;
    }
}
