using System.Net;
using System.Net.WebSockets;
using System.Text;
using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Server.Tests.Hosting;

/// <summary>
/// A relink.json WebSocket to an app hosting Relink, sent with the app's sign-in (<see cref="EmbeddingApp.UserHeader"/>)
/// or without. Answers are matched by request id; pushes read in between wait for <see cref="NextPushAsync"/>.
/// </summary>
internal sealed class AppSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly List<Envelope> _unclaimed = [];
    private uint _nextRequestId;

    private AppSocket(ClientWebSocket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="path"/> as <paramref name="userId"/> (null: anonymously).</summary>
    public static async Task<AppSocket> ConnectAsync(int httpPort, string? userId, string? name = null, string path = "/ws", string? origin = null)
    {
        var socket = Upgrade(userId, name, origin);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}{path}"), CancellationToken.None);
        return new AppSocket(socket);
    }

    /// <summary>The HTTP status an upgrade that the app refuses gets.</summary>
    public static async Task<HttpStatusCode> RefusedUpgradeAsync(int httpPort, string? userId, string? origin = null)
    {
        using var socket = Upgrade(userId, null, origin);
        await Should.ThrowAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/ws"), CancellationToken.None));
        return socket.HttpStatusCode;
    }

    private static ClientWebSocket Upgrade(string? userId, string? name, string? origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(EnvelopeJson.SubProtocol);
        socket.Options.CollectHttpResponseDetails = true;
        if (userId is not null)
        {
            socket.Options.SetRequestHeader(EmbeddingApp.UserHeader, userId);
        }

        if (name is not null)
        {
            socket.Options.SetRequestHeader(EmbeddingApp.NameHeader, name);
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin); // as a browser sends it: the page's origin
        }

        return socket;
    }

    /// <summary><c>login {}</c> on <paramref name="device"/>: no user id, no password.</summary>
    public Task<Envelope> LoginAsync(string device = "web") =>
        RequestAsync(new Envelope { Login = new LoginRequest { DeviceId = device } });

    public async Task<Envelope> RequestAsync(Envelope request)
    {
        request.RequestId = ++_nextRequestId;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(EnvelopeJson.Format(request)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return await ReceiveAsync(e => e.RequestId == request.RequestId);
    }

    public Task<Envelope> NextPushAsync(Envelope.BodyOneofCase kind) => ReceiveAsync(e => e.RequestId == 0 && e.BodyCase == kind);

    private async Task<Envelope> ReceiveAsync(Func<Envelope, bool> match)
    {
        if (_unclaimed.FindIndex(e => match(e)) is var index and >= 0)
        {
            var found = _unclaimed[index];
            _unclaimed.RemoveAt(index);
            return found;
        }

        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        var buffer = new byte[256 * 1024];
        while (true)
        {
            int length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer.AsMemory(length), deadline.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new IOException("The server closed the WebSocket.");
            }

            var envelope = EnvelopeJson.Parse(Encoding.UTF8.GetString(buffer, 0, length));
            if (match(envelope))
            {
                return envelope;
            }

            _unclaimed.Add(envelope);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", deadline.Token);
        }

        _socket.Dispose();
    }
}
