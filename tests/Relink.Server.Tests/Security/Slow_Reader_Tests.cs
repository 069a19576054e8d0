using System.Net.Sockets;
using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Server.Connections;
using Relink.Server.Sessions;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Security;

public sealed class Slow_Reader_Tests
{
    [Fact]
    public async Task A_reader_that_stops_reading_is_disconnected_before_its_backlog_can_grow_without_bound()
    {
        await using var server = await TestServer.StartAsync(["--outbound-queue", "64", "--Relink:Limits:SendBurst=0"]);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("flood"));
        string victimId = Users.Unique("stall");
        await using (var setup = await Users.NewAsync(server.TcpPort, victimId))
        {
            await Users.BefriendAsync(ann, setup);
        }

        // The setup session must be gone first, or "online" below could still be that session, not the stalled one.
        await Eventually.TrueAsync(() => !server.Get<SessionRegistry>().IsOnline(victimId), "the setup session is closed");

        // The victim logs in on a bare socket and then never reads again.
        using var victim = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await victim.ConnectAsync(System.Net.IPAddress.Loopback, server.TcpPort);
        await victim.SendAsync(FrameWriter.ToFrameBytes(new Envelope { RequestId = 1, Login = new LoginRequest { UserId = victimId, Password = Users.Password, DeviceId = "test" } }));
        await Eventually.TrueAsync(() => server.Get<SessionRegistry>().IsOnline(victimId), "the stalled reader is logged in");

        string text = new('x', FrameLimits.MaxTextLength);
        const int Bound = 2_000; // 2,000 × 4 KB = 8 MB offered; kernel buffers + pipe + 64 queued frames hold far less
        int sent = 0;
        while (server.Get<SessionRegistry>().IsOnline(victimId))
        {
            sent++.ShouldBeLessThan(Bound, "the stalled reader should have been disconnected by now");
            (await ann.SendTextAsync(PeerOf.User(victimId), text)).BodyCase.ShouldBe(Body.SendMessageOk);
        }

        // The sender was never slowed or dropped by the victim's stall.
        (await ann.Client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Body.Pong);
        await Eventually.TrueAsync(() => server.Get<ConnectionRegistry>().Count == 1, "the stalled connection is gone");
    }
}
