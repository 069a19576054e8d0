using System.Net.WebSockets;
using Relink.Testing;
using static Relink.Server.Tests.Protocol.JsonSocket;

namespace Relink.Server.Tests.Protocol;

/// <summary>How a WebSocket connection ends, as a client library reports it (docs/protocol.md §1.2).</summary>
public sealed class WebSocket_Close_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int HttpPort => fixture.Server.HttpPort;

    [Fact]
    public async Task A_close_the_logged_in_client_starts_completes_with_1000()
    {
        using var socket = await LoggedInAsync(HttpPort, Users.Unique("wsc"), "own-close");
        using var cts = new CancellationTokenSource(Eventually.DefaultTimeout);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);

        socket.State.ShouldBe(WebSocketState.Closed);
        socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        socket.CloseStatusDescription.ShouldBe("ClientClosed");
    }

    [Fact]
    public async Task Logout_ends_with_1000_ClientClosed_after_the_answer()
    {
        using var socket = await LoggedInAsync(HttpPort, Users.Unique("wsl"), "logout");
        await SendAsync(socket, """{"requestId":2,"logout":{}}""");

        (await ReceiveTextAsync(socket)).ShouldContain("logoutOk");
        (await ReceiveCloseAsync(socket)).ShouldBe((WebSocketCloseStatus.NormalClosure, "ClientClosed"));
    }

    [Fact]
    public async Task A_link_replaced_by_the_same_device_hears_why_and_ends_with_1000_Replaced()
    {
        string userId = Users.Unique("wsr");
        using var old = await LoggedInAsync(HttpPort, userId, "same");
        using var newer = await LoggedInAsync(HttpPort, userId, "same", register: false);

        (await ReceiveTextAsync(old)).ShouldContain("KICK_REASON_REPLACED_BY_SAME_DEVICE");
        (await ReceiveCloseAsync(old)).ShouldBe((WebSocketCloseStatus.NormalClosure, "Replaced"));
    }
}
