using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Relink.Bench.Load;

/// <summary>
/// A hub connection in invoke-and-wait mode, before a load connection's read loop takes over: the WebSocket straight
/// to the hub (no negotiate, as the JS client's <c>skipNegotiation</c>), the JSON handshake, <c>Login(user)</c>, and
/// whatever setup a scenario invokes (<c>JoinGroup</c>). Records that are not the awaited completion are skipped.
/// </summary>
/// <remarks>Protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
internal sealed class SignalRSetupSession : IDisposable
{
    private readonly ArrayBufferWriter<byte> _pending = new(256);
    private int _nextInvocationId;

    private SignalRSetupSession(ClientWebSocket socket) => Socket = socket;

    /// <summary>The connected WebSocket; owned by this session until <see cref="Release"/>.</summary>
    public ClientWebSocket Socket { get; private set; }

    /// <summary>Connects to <paramref name="hub"/> (ws://…/hub), shakes hands and calls <c>Login(user)</c>.</summary>
    /// <param name="invoker">One HTTP stack shared by every connection of the generator.</param>
    public static async Task<SignalRSetupSession> LoginAsync(Uri hub, HttpMessageInvoker invoker, string user, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // SignalR's own pings are the heartbeat, as with the JS client
        var session = new SignalRSetupSession(socket);
        try
        {
            await socket.ConnectAsync(hub, invoker, cancellationToken);
            await socket.SendAsync(SignalRHubProtocol.Handshake, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            string handshake = await session.NextAsync(cancellationToken);
            if (handshake != "{}")
            {
                throw new BenchFailure($"SignalR handshake refused: {handshake}");
            }

            await session.InvokeAsync("Login", [user], cancellationToken);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Invokes hub method <paramref name="target"/> and waits for its completion; throws on a hub error.</summary>
    public async Task InvokeAsync(string target, string[] arguments, CancellationToken cancellationToken)
    {
        string id = (++_nextInvocationId).ToString(CultureInfo.InvariantCulture);
        await Socket.SendAsync(SignalRHubProtocol.Invocation(id, target, arguments), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        while (true)
        {
            using var record = JsonDocument.Parse(await NextAsync(cancellationToken));
            var root = record.RootElement;
            if (root.GetProperty("type").GetInt32() == 3 && root.GetProperty("invocationId").GetString() == id)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    throw new BenchFailure($"hub invocation {target} failed: {error}");
                }

                return;
            }
        }
    }

    /// <summary>Gives up ownership of the socket, with any bytes already read past the last record awaited.</summary>
    public (ClientWebSocket Socket, byte[] Unread) Release()
    {
        var socket = Socket;
        Socket = null!;
        return (socket, _pending.WrittenSpan.ToArray());
    }

    /// <inheritdoc />
    public void Dispose() => Socket?.Dispose();

    private async Task<string> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (SignalRHubProtocol.TakeRecord(_pending) is { } record)
            {
                return record;
            }

            var result = await Socket.ReceiveAsync(_pending.GetMemory(256), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new BenchFailure($"the hub closed the connection during setup: {Socket.CloseStatusDescription}");
            }

            _pending.Advance(result.Count);
        }
    }
}
