using System.Net.WebSockets;
using System.Text;
using Relink.Testing;

namespace Relink.Server.Tests.Protocol;

/// <summary>A WebSocket speaking relink.json by hand, as a stranger's client would.</summary>
internal static class JsonSocket
{
    public static async Task<ClientWebSocket> ConnectAsync(int httpPort)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("relink.json");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/ws"), CancellationToken.None);
        return socket;
    }

    /// <summary>Connects, registers <paramref name="userId"/> (unless told not to) and logs in on <paramref name="device"/>.</summary>
    public static async Task<ClientWebSocket> LoggedInAsync(int httpPort, string userId, string device, bool register = true)
    {
        var socket = await ConnectAsync(httpPort);
        if (register)
        {
            await SendAsync(socket, $$$"""{"requestId":100,"register":{"userId":"{{{userId}}}","password":"{{{Users.Password}}}"}}""");
            (await ReceiveTextAsync(socket)).ShouldContain("registerOk");
        }

        await SendAsync(socket, $$$"""{"requestId":1,"login":{"userId":"{{{userId}}}","password":"{{{Users.Password}}}","deviceId":"{{{device}}}"}}""");
        (await ReceiveTextAsync(socket)).ShouldContain("loginOk");
        return socket;
    }

    public static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next whole text message.</summary>
    public static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var cts = new CancellationTokenSource(Eventually.DefaultTimeout);
        var buffer = new ArraySegment<byte>(new byte[256 * 1024]);
        int length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer[length..], cts.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        result.MessageType.ShouldBe(WebSocketMessageType.Text);
        return Encoding.UTF8.GetString(buffer.Array!, 0, length);
    }

    /// <summary>Reads (and drops) messages until the server's close message; returns its status and reason.</summary>
    public static async Task<(WebSocketCloseStatus?, string?)> ReceiveCloseAsync(ClientWebSocket socket)
    {
        using var cts = new CancellationTokenSource(Eventually.DefaultTimeout);
        var buffer = new byte[64 * 1024];
        while ((await socket.ReceiveAsync(buffer, cts.Token)).MessageType != WebSocketMessageType.Close)
        {
        }

        return (socket.CloseStatus, socket.CloseStatusDescription);
    }
}
