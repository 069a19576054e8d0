using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

public class ConnectionStateTests
{
    [Fact]
    public async Task Login_walks_the_states_in_order_and_a_server_close_ends_in_Disconnected_with_its_reason()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var seen = new List<string>();
        client.StateChanged += (_, change) =>
        {
            lock (seen)
            {
                seen.Add(change.Current.Name);
            }
        };
        client.State.ShouldBe(new ConnectionState.Disconnected());

        var connection = await Scenario.LoginAsync(client, server);
        client.State.ShouldBe(new ConnectionState.Connected("alice", "session-1"));
        await connection.CloseAsync();

        await Eventually.TrueAsync(() => client.State is ConnectionState.Disconnected, "the client to notice the close");
        lock (seen)
        {
            seen.ShouldBe(["connecting", "authenticating", "connected", "disconnected"]);
        }
    }

    [Fact]
    public async Task A_kick_is_raised_and_becomes_the_reason_of_the_disconnect()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var kicked = new TaskCompletionSource<Kicked>();
        client.Kicked += (_, kick) => kicked.TrySetResult(kick);
        var connection = await Scenario.LoginAsync(client, server);

        await connection.SendAsync(new Envelope { Kicked = new Kicked { Reason = KickReason.LoggedInElsewhere, DeviceId = "phone" } });
        await connection.CloseAsync();

        (await Eventually.WithinAsync(kicked.Task, "the Kicked event")).DeviceId.ShouldBe("phone");
        await Eventually.TrueAsync(() => client.State is ConnectionState.Disconnected, "the disconnect");
        client.State.ShouldBeOfType<ConnectionState.Disconnected>().Reason.ShouldBe("kicked: logged in elsewhere (device phone)");
    }

    [Fact]
    public async Task Logout_acknowledges_then_closes_and_reports_logged_out()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));
        await connection.PushAsync(Scenario.FromBob(1));
        await received.CountAsync(1);

        var loggingOut = client.LogoutAsync();
        var ack = await connection.ExpectAsync(Envelope.BodyOneofCase.Ack);
        ack.Ack.Cursors.Single().Seq.ShouldBe(1);
        var logout = await connection.ExpectAsync(Envelope.BodyOneofCase.Logout);
        await connection.ReplyAsync(logout, new Envelope { LogoutOk = new LogoutResponse() });

        await loggingOut.WithinDeadline("the logout");
        await connection.ClosedByClient.WithinDeadline("the client to close its side");
        client.State.ShouldBeOfType<ConnectionState.Disconnected>().Reason.ShouldBe("logged out");
    }
}
