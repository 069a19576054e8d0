using System.Net.WebSockets;
using static Relink.Server.Tests.Protocol.JsonSocket;

namespace Relink.Server.Tests.Protocol;

/// <summary>
/// A newer client talking to this server: what it cannot know is refused request by request, field by field,
/// and the connection stays (docs/protocol.md §1.3).
/// </summary>
public sealed class Json_Forward_Compatibility_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task An_enum_name_this_server_does_not_know_refuses_that_request_only_naming_the_field()
    {
        using var socket = await LoggedInAsync(fixture.Server.HttpPort, Users.Unique("fwd"), "newer");

        await SendAsync(socket, """{"requestId":7,"markRead":{"peer":{"kind":"CONVERSATION_KIND_CHANNEL","id":"c-1"},"seq":"9"}}""");
        string refusal = await ReceiveTextAsync(socket);
        refusal.ShouldContain("\"requestId\": 7");
        refusal.ShouldContain("ERROR_CODE_INVALID_ARGUMENT");
        refusal.ShouldContain("\"field\": \"peer.kind\"");
        refusal.ShouldNotContain("fatal");

        await SendAsync(socket, """{"requestId":8,"sendMessage":{"clientMsgId":"f-1","to":{"kind":"CONVERSATION_KIND_DIRECT","id":"nobody"},"type":"MESSAGE_TYPE_IMAGE","text":"x"}}""");
        (await ReceiveTextAsync(socket)).ShouldContain("\"field\": \"type\"");

        await SendAsync(socket, """{"requestId":9,"ping":{}}""");
        (await ReceiveTextAsync(socket)).ShouldContain("pong");
        socket.State.ShouldBe(WebSocketState.Open);
    }
}
