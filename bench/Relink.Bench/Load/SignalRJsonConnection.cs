using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Relink.Bench.Load;

/// <summary>
/// A SignalR client written from the documented JSON hub protocol (no .NET SignalR client package exists here):
/// a WebSocket straight to the hub (no negotiate, as the JS client's <c>skipNegotiation</c>), the handshake, one
/// <c>Login</c> invocation, then pings (<c>{"type":6}</c>) from the <see cref="HeartbeatWheel"/>; what arrives (the
/// server's keep-alive pings) is counted by its record separators and dropped.
/// </summary>
/// <remarks>Protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
internal sealed class SignalRJsonConnection : IBenchConnection
{
    /// <summary>Ends every JSON hub message.</summary>
    private const byte RecordSeparator = 0x1e;

    /// <summary>A keep-alive ping is 11 bytes; anything longer just takes more reads.</summary>
    private const int ReceiveBufferSize = 64;

    private static readonly byte[] Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray();
    private static readonly byte[] Ping = "{\"type\":6}\u001e"u8.ToArray();

    private readonly ClientWebSocket _socket;
    private readonly LoadCounters _counters;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private Task _receiving = Task.CompletedTask;
    private volatile bool _closing;

    private SignalRJsonConnection(ClientWebSocket socket, LoadCounters counters)
    {
        _socket = socket;
        _counters = counters;
    }

    /// <summary>Connects to <paramref name="hub"/> (ws://…/hub), shakes hands, calls <c>Login(user)</c>, starts reading.</summary>
    /// <param name="invoker">One HTTP stack shared by every connection of the generator.</param>
    public static async Task<SignalRJsonConnection> OpenAsync(Uri hub, HttpMessageInvoker invoker, string user, LoadCounters counters, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // SignalR's own pings are the heartbeat, as with the JS client
        try
        {
            await socket.ConnectAsync(hub, invoker, cancellationToken);
            var records = new RecordReader(socket);
            await socket.SendAsync(Handshake, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            string handshake = await records.NextAsync(cancellationToken);
            if (handshake != "{}")
            {
                throw new BenchFailure($"SignalR handshake refused: {handshake}");
            }

            string invocation = JsonSerializer.Serialize(new { type = 1, invocationId = "1", target = "Login", arguments = new[] { user } });
            await socket.SendAsync(Encoding.UTF8.GetBytes(invocation + "\u001e"), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            await records.CompletionAsync("1", cancellationToken);

            var connection = new SignalRJsonConnection(socket, counters);
            connection._receiving = connection.ReceiveAsync();
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask SendPingAsync()
    {
        if (_closing)
        {
            return;
        }

        try
        {
            await _socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            _counters.PingSent();
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            LostConnection();
        }
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _counters.FramesReceived(_receiveBuffer.AsSpan(0, result.Count).Count(RecordSeparator));
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
        }

        LostConnection();
    }

    private void LostConnection()
    {
        if (!_closing)
        {
            _closing = true;
            _counters.Dropped();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        _socket.Abort(); // no close handshake: the generator tears down thousands at once
        _socket.Dispose();
        await _receiving;
    }

    /// <summary>Splits what the hub sends into records during setup, before the counting read loop takes over.</summary>
    private sealed class RecordReader(ClientWebSocket socket)
    {
        private readonly ArrayBufferWriter<byte> _pending = new(256);

        public async Task<string> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                int end = _pending.WrittenSpan.IndexOf(RecordSeparator);
                if (end >= 0)
                {
                    string record = Encoding.UTF8.GetString(_pending.WrittenSpan[..end]);
                    byte[] rest = _pending.WrittenSpan[(end + 1)..].ToArray();
                    _pending.Clear();
                    _pending.Write(rest);
                    return record;
                }

                var result = await socket.ReceiveAsync(_pending.GetMemory(256), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new BenchFailure($"the hub closed the connection during setup: {socket.CloseStatusDescription}");
                }

                _pending.Advance(result.Count);
            }
        }

        /// <summary>Waits for the completion of <paramref name="invocationId"/>, skipping pings; throws on a hub error.</summary>
        public async Task CompletionAsync(string invocationId, CancellationToken cancellationToken)
        {
            while (true)
            {
                using var record = JsonDocument.Parse(await NextAsync(cancellationToken));
                var root = record.RootElement;
                if (root.GetProperty("type").GetInt32() == 3 && root.GetProperty("invocationId").GetString() == invocationId)
                {
                    if (root.TryGetProperty("error", out var error))
                    {
                        throw new BenchFailure($"hub invocation failed: {error}");
                    }

                    return;
                }
            }
        }
    }
}
