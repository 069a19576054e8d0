using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

public class ConnectionState_Tests
{
    [Fact]
    public async Task Login_walks_the_states_in_order_and_a_server_close_starts_reconnecting_with_its_reason()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var states = new StateRecorder(client);
        client.State.ShouldBe(new ConnectionState.Disconnected());

        var connection = await Scenario.LoginAsync(client, server);
        client.State.ShouldBe(new ConnectionState.Connected("alice", "session-1"));
        await connection.CloseAsync();

        var reconnecting = await states.NextAsync<ConnectionState.Reconnecting>();
        reconnecting.Attempt.ShouldBe(1);
        reconnecting.LastError.ShouldBe("the server closed the connection");
        states.Names.ShouldBe(["connecting", "authenticating", "connected", "reconnecting"]);
    }

    [Fact]
    public async Task Without_automatic_reconnect_a_server_close_ends_in_Disconnected_with_its_reason()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, configure: o => o with { ReconnectPolicy = null });
        var states = new StateRecorder(client);

        var connection = await Scenario.LoginAsync(client, server);
        await connection.CloseAsync();

        (await states.NextAsync<ConnectionState.Disconnected>()).Reason.ShouldBe("the server closed the connection");
        states.Names.ShouldBe(["connecting", "authenticating", "connected", "disconnected"]);
    }

    [Fact]
    public async Task A_kick_is_raised_and_stops_the_client_without_reconnecting()
    {
        var time = new FakeTimeProvider();
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, time);
        var states = new StateRecorder(client);
        var kicked = new TaskCompletionSource<Kicked>();
        client.Kicked += (_, kick) => kicked.TrySetResult(kick);
        var connection = await Scenario.LoginAsync(client, server);

        await connection.SendAsync(new Envelope { Kicked = new Wire.Kicked { Reason = Wire.KickReason.LoggedInElsewhere, DeviceId = "phone" } });
        await connection.CloseAsync();

        (await Eventually.WithinAsync(kicked.Task, "the Kicked event")).DeviceId.ShouldBe("phone");
        var stopped = await states.NextAsync<ConnectionState.Stopped>();
        stopped.Reason.ShouldBe(StopReason.Kicked);
        stopped.Description.ShouldBe("kicked: logged in elsewhere (device phone)");
        stopped.Kick!.DeviceId.ShouldBe("phone");

        time.Advance(TimeSpan.FromMinutes(10));
        client.ReconnectNow().ShouldBeFalse("a kicked client waits for its user");
        client.State.ShouldBe(stopped);
        server.Accepted.ShouldBe(1);
        (await Should.ThrowAsync<RelinkStoppedException>(() => client.SendTextAsync(Peers.User("bob"), "still there?"))).Reason.ShouldBe(StopReason.Kicked);
    }

    [Fact]
    public async Task Replaced_by_another_client_with_the_same_device_id_it_stops_and_says_so_instead_of_taking_turns()
    {
        // Its own reconnects never meet this: the client drops a link before it opens the next, so a replacement
        // kick read on the current link comes from another client sharing the device id. Resuming would replace
        // that one in turn, and so on.
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var states = new StateRecorder(client);
        var connection = await Scenario.LoginAsync(client, server);

        await connection.SendAsync(new Envelope { Kicked = new Wire.Kicked { Reason = Wire.KickReason.ReplacedBySameDevice, DeviceId = "laptop" } });
        await connection.CloseAsync();

        var stopped = await states.NextAsync<ConnectionState.Stopped>();
        stopped.Reason.ShouldBe(StopReason.Kicked);
        stopped.Description.ShouldStartWith("kicked: replaced by a newer connection of this device (laptop)");
        client.ReconnectNow().ShouldBeFalse();
        server.Accepted.ShouldBe(1);
    }

    [Fact]
    public async Task Logout_acknowledges_then_closes_and_stops_as_logged_out()
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
        client.State.ShouldBe(new ConnectionState.Stopped(StopReason.LoggedOut, "logged out"));
        server.Accepted.ShouldBe(1);
    }
}
