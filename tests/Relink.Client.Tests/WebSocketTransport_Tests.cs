using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

public class WebSocketTransport_Tests
{
    [Fact]
    public async Task Login_send_and_receive_work_over_websocket_binary_frames()
    {
        await using var server = FakeServer.Start(webSocket: true);
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));
        ((FakeWebSocketFrames)connection.Frames).RequestedSubProtocol.ShouldBe("relink.protobuf");

        var sending = client.SendTextAsync(Peers.User("bob"), "over the web");
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        await connection.ReplyAsync(send, new Envelope { SendMessageOk = new SendMessageResponse { Message = Scenario.FromAlice(1, "over the web", send.SendMessage.ClientMsgId) } });
        (await Eventually.WithinAsync(sending, "the send")).Seq.ShouldBe(1);

        await connection.PushAsync(Scenario.FromBob(2, "and back"));
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        await foreach (var message in client.ReadMessagesAsync(deadline.Token))
        {
            message.Text.ShouldBe("and back");
            break;
        }
    }

    [Fact]
    public async Task A_server_closing_the_websocket_fails_pending_requests_and_starts_a_reconnect()
    {
        await using var server = FakeServer.Start(webSocket: true);
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server);

        var friends = client.GetFriendsAsync();
        await connection.ExpectAsync(Envelope.BodyOneofCase.ListFriends);
        await connection.CloseAsync();

        await Should.ThrowAsync<RelinkConnectionException>(() => friends.WaitAsync(Eventually.DefaultTimeout));
        await Eventually.TrueAsync(() => client.State is ConnectionState.Reconnecting, "the reconnect to begin");
    }
}
