using System.Net.WebSockets;
using System.Text;
using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Security;

/// <summary>Holes found by probing a live server, each pinned by a test.</summary>
public sealed class Misuse_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task Reusing_a_client_msg_id_for_another_conversation_does_not_reveal_the_first_message()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("leak"));
        await using var cat = await Users.NewAsync(Port, Users.Unique("leak"));
        await using var dan = await Users.NewAsync(Port, Users.Unique("leak"));
        await Users.BefriendAsync(ann, cat);
        await Users.BefriendAsync(ann, dan);
        await ann.SendTextAsync(cat.Direct, "private to cat", "reused-key");

        var answer = await ann.SendTextAsync(dan.Direct, "hello dan", "reused-key");

        answer.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        answer.Error.Field.ShouldBe("client_msg_id");
        await dan.Client.RequestAsync(new Envelope { Ping = new Ping() });
        dan.Client.Pending().ShouldNotContain(e => e.BodyCase == Body.Message);
    }

    [Fact]
    public async Task History_pages_of_long_messages_fit_in_a_client_frame_and_page_on()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("big"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("big"));
        await Users.BefriendAsync(ann, bob);
        string cjk = new('汉', FrameLimits.MaxTextLength); // 12 KB of UTF-8 each
        for (int i = 0; i < 100; i++)
        {
            await ann.SendTextAsync(bob.Direct, cjk, $"big-{i}");
        }

        var seen = new HashSet<long>();
        long before = 0;
        while (true)
        {
            var page = await bob.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct, BeforeSeq = before, Limit = 200 } });
            page.CalculateSize().ShouldBeLessThan(FrameLimits.DefaultMaxServerFrame);
            seen.UnionWith(page.HistoryOk.Messages.Select(m => m.Seq));
            if (!page.HistoryOk.HasMore)
            {
                break;
            }

            before = page.HistoryOk.Messages[0].Seq;
        }

        seen.Count.ShouldBe(100);
        var login = await Users.LoginAsync(Port, bob.UserId, device: "other");
        login.State.CalculateSize().ShouldBeLessThan(FrameLimits.DefaultMaxServerFrame);
        await login.DisposeAsync();
    }

    [Fact]
    public async Task A_websocket_client_can_close_cleanly()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("relink.json");
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{fixture.Server.HttpPort}/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"requestId":1,"ping":{}}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Encoding.UTF8.GetString(buffer, 0, received.Count).ShouldContain("pong");

        using var cts = new CancellationTokenSource(Eventually.DefaultTimeout);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
        socket.State.ShouldBe(WebSocketState.Closed);
        socket.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
    }
}

/// <summary>The kicked device may not use its old resume token to kick back.</summary>
public sealed class Kick_Back_Tests
{
    [Fact]
    public async Task A_kicked_device_cannot_resume_with_its_old_token()
    {
        await using var server = await TestServer.StartAsync();
        string id = Users.Unique("kb");
        await using var laptop = await Users.NewAsync(server.TcpPort, id, device: "laptop");
        await using var phone = await Users.LoginAsync(server.TcpPort, id, device: "phone");
        await laptop.Client.Closed.WaitAsync(Eventually.DefaultTimeout);

        await using var retry = await RawClient.ConnectAsync(server.TcpPort);
        var resume = await retry.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = id, DeviceId = "laptop", ResumeToken = laptop.State.ResumeToken } });
        resume.Error.Code.ShouldBe(ErrorCode.ResumeRejected);
        phone.Client.Closed.IsCompleted.ShouldBeFalse();
    }
}
