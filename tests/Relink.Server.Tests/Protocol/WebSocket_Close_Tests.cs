using System.Net.WebSockets;
using System.Text;
using Relink.Testing;

namespace Relink.Server.Tests.Protocol;

/// <summary>How a WebSocket connection ends, as a client library reports it (docs/protocol.md §1.2).</summary>
public sealed class WebSocket_Close_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_close_the_logged_in_client_starts_completes_with_1000()
    {
        using var socket = await LoggedInAsync(Users.Unique("wsc"), "own-close");
        using var cts = new CancellationTokenSource(Eventually.DefaultTimeout);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);

        socket.State.ShouldBe(WebSocketState.Closed);
        socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        socket.CloseStatusDescription.ShouldBe("ClientClosed");
    }

    [Fact]
    public async Task Logout_ends_with_1000_ClientClosed_after_the_answer()
    {
        using var socket = await LoggedInAsync(Users.Unique("wsl"), "logout");
        await SendAsync(socket, """{"requestId":2,"logout":{}}""");

        (await ReceiveTextAsync(socket)).ShouldContain("logoutOk");
        var close = await ReceiveCloseAsync(socket);
        close.ShouldBe((WebSocketCloseStatus.NormalClosure, "ClientClosed"));
    }

    [Fact]
    public async Task A_link_replaced_by_the_same_device_hears_why_and_ends_with_1000_Replaced()
    {
        string userId = Users.Unique("wsr");
        using var old = await LoggedInAsync(userId, "same");
        using var newer = await LoggedInAsync(userId, "same", register: false);

        (await ReceiveTextAsync(old)).ShouldContain("KICK_REASON_REPLACED_BY_SAME_DEVICE");
        (await ReceiveCloseAsync(old)).ShouldBe((WebSocketCloseStatus.NormalClosure, "Replaced"));
    }

    private async Task<ClientWebSocket> LoggedInAsync(string userId, string device, bool register = true)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("relink.json");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{fixture.Server.HttpPort}/ws"), CancellationToken.None);
        if (register)
        {
            await SendAsync(socket, $$$"""{"requestId":100,"register":{"userId":"{{{userId}}}","password":"{{{Users.Password}}}"}}""");
            (await ReceiveTextAsync(socket)).ShouldContain("registerOk");
        }

        await SendAsync(socket, $$$"""{"requestId":1,"login":{"userId":"{{{userId}}}","password":"{{{Users.Password}}}","deviceId":"{{{device}}}"}}""");
        (await ReceiveTextAsync(socket)).ShouldContain("loginOk");
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
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

    private static async Task<(WebSocketCloseStatus?, string?)> ReceiveCloseAsync(ClientWebSocket socket)
    {
        using var cts = new CancellationTokenSource(Eventually.DefaultTimeout);
        var buffer = new byte[64 * 1024];
        while ((await socket.ReceiveAsync(buffer, cts.Token)).MessageType != WebSocketMessageType.Close)
        {
        }

        return (socket.CloseStatus, socket.CloseStatusDescription);
    }
}
