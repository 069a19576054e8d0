using System.Net.WebSockets;

namespace Relink.Bench.Load;

/// <summary>
/// A SignalR client written from the documented JSON hub protocol (no .NET SignalR client package exists here):
/// a WebSocket straight to the hub (no negotiate, as the JS client's <c>skipNegotiation</c>), the handshake, one
/// <c>Login</c> invocation, then pings (<c>{"type":6}</c>) from the <see cref="HeartbeatWheel"/>; what arrives (the
/// server's keep-alive pings) is counted by its record separators and dropped.
/// </summary>
/// <remarks>Protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
internal sealed class SignalRJsonConnection : LeanConnection
{
    /// <summary>A keep-alive ping is 11 bytes; anything longer just takes more reads.</summary>
    private const int ReceiveBufferSize = 64;

    private readonly ClientWebSocket _socket;
    private readonly LoadCounters _counters;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];

    private SignalRJsonConnection(ClientWebSocket socket, LoadCounters counters)
    {
        _socket = socket;
        _counters = counters;
    }

    /// <summary>Connects to <paramref name="hub"/> (ws://…/hub), shakes hands, calls <c>Login(user)</c>, starts reading.</summary>
    /// <param name="invoker">One HTTP stack shared by every connection of the generator.</param>
    public static async Task<SignalRJsonConnection> OpenAsync(Uri hub, HttpMessageInvoker invoker, string user, LoadCounters counters, CancellationToken cancellationToken)
    {
        var session = await SignalRSetupSession.LoginAsync(hub, invoker, user, cancellationToken);
        var connection = new SignalRJsonConnection(session.Release().Socket, counters);
        connection.Receiving = connection.ReceiveAsync();
        return connection;
    }

    /// <inheritdoc />
    public override async ValueTask SendPingAsync()
    {
        if (IsClosing)
        {
            return;
        }

        try
        {
            await _socket.SendAsync(SignalRHubProtocol.Ping, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
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

                _counters.FramesReceived(_receiveBuffer.AsSpan(0, result.Count).Count(SignalRHubProtocol.RecordSeparator));
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
        }

        LostConnection();
    }

    /// <inheritdoc />
    protected override void CountDrop() => _counters.Dropped();

    /// <inheritdoc />
    protected override void CloseTransport()
    {
        _socket.Abort(); // no close handshake: the generator tears down thousands at once
        _socket.Dispose();
    }
}
