using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

public class Heartbeat_Tests
{
    // Scenario.Login asks for a ping after 10 s without writes and gives up after 30 s without reads.
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_quiet_link_sends_a_ping_once_nothing_was_written_for_the_interval()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var connection = await Scenario.LoginAsync(client, server);

        _time.Advance(TimeSpan.FromSeconds(9));
        var friends = client.GetFriendsAsync();
        var request = await connection.ExpectAsync(Envelope.BodyOneofCase.ListFriends);
        await connection.ReplyAsync(request, new Envelope { ListFriendsOk = new ListFriendsResponse() });
        await friends.WithinDeadline("the friends list");

        // The request at 9 s was a write: the next ping is due at 19 s, not 10 s.
        _time.Advance(TimeSpan.FromSeconds(9.9));
        connection.HasUnread.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(0.1));

        var ping = await connection.ExpectAsync(Envelope.BodyOneofCase.Ping);
        ping.RequestId.ShouldNotBe(0u);
        ping.Ping.ClientTime.ToDateTimeOffset().ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public async Task Silence_from_the_server_for_the_timeout_ends_the_link_fails_pending_requests_and_starts_a_reconnect()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time, o => o with { RequestTimeout = TimeSpan.FromMinutes(5) });
        var states = new StateRecorder(client);
        var connection = await Scenario.LoginAsync(client, server);
        var friends = client.GetFriendsAsync();
        await connection.ExpectAsync(Envelope.BodyOneofCase.ListFriends);

        // Pings go out at 10 s and 20 s; the server answers nothing at all. (FakeTimeProvider runs the timers due in
        // one Advance with the clock already at its end, so time moves one ping at a time.)
        _time.Advance(TimeSpan.FromSeconds(10));
        await connection.ExpectAsync(Envelope.BodyOneofCase.Ping);
        _time.Advance(TimeSpan.FromSeconds(10));
        await connection.ExpectAsync(Envelope.BodyOneofCase.Ping);
        _time.Advance(TimeSpan.FromSeconds(9));
        client.State.ShouldBeOfType<ConnectionState.Connected>();
        _time.Advance(TimeSpan.FromSeconds(1));

        var state = await states.NextAsync<ConnectionState.Reconnecting>();
        state.LastError.ShouldBe("nothing was heard from the server for 30 s (heartbeat timeout)");
        (await Should.ThrowAsync<RelinkConnectionException>(() => friends.WaitAsync(Eventually.DefaultTimeout))).Message.ShouldContain("heartbeat timeout");
        await connection.ClosedByClient.WithinDeadline("the client to close the dead link");
    }

    [Fact]
    public async Task Anything_read_from_the_server_keeps_the_link_alive()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var received = Scenario.Record(client);
        var connection = await Scenario.LoginAsync(client, server, Scenario.Login(Scenario.TalkWithBob(0, 0)));

        _time.Advance(TimeSpan.FromSeconds(25));
        await connection.PushAsync(Scenario.FromBob(1));
        await received.CountAsync(1);
        _time.Advance(TimeSpan.FromSeconds(10));

        client.State.ShouldBeOfType<ConnectionState.Connected>("a message was read at 25 s; the link is dead only at 55 s");
    }

    [Fact]
    public async Task A_pong_gives_the_round_trip_time_and_the_server_clock_offset()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var connection = await Scenario.LoginAsync(client, server, LoginWithoutServerTime());

        var pinging = client.PingAsync();
        var ping = await connection.ExpectAsync(Envelope.BodyOneofCase.Ping);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        DateTimeOffset sentAt = ping.Ping.ClientTime.ToDateTimeOffset();
        await connection.ReplyAsync(ping, new Envelope
        {
            Pong = new Pong
            {
                ClientTime = ping.Ping.ClientTime,
                ServerTime = Timestamp.FromDateTimeOffset(sentAt + TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(50)),
            },
        });

        (await Eventually.WithinAsync(pinging, "the pong")).ShouldBe(TimeSpan.FromMilliseconds(100));
        client.RoundTripTime.ShouldBe(TimeSpan.FromMilliseconds(100));
        client.ClockOffset.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_clock_offset_follows_the_fastest_recent_exchange()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var connection = await Scenario.LoginAsync(client, server, LoginWithoutServerTime());

        await PingAsync(client, connection, roundTrip: TimeSpan.FromMilliseconds(20), serverAhead: TimeSpan.FromSeconds(2));
        await PingAsync(client, connection, roundTrip: TimeSpan.FromMilliseconds(900), serverAhead: TimeSpan.FromSeconds(3));

        client.RoundTripTime.ShouldBe(TimeSpan.FromMilliseconds(900));
        client.ClockOffset.ShouldBe(TimeSpan.FromSeconds(2), "the slow exchange says less about the offset");
    }

    // The login answer's server time is an exchange too; these tests measure Pongs alone.
    private static LoginResponse LoginWithoutServerTime()
    {
        var login = Scenario.Login();
        login.ServerTime = null;
        return login;
    }

    private async Task PingAsync(RelinkClient client, FakeConnection connection, TimeSpan roundTrip, TimeSpan serverAhead)
    {
        var pinging = client.PingAsync();
        var ping = await connection.ExpectAsync(Envelope.BodyOneofCase.Ping);
        _time.Advance(roundTrip);
        DateTimeOffset middle = ping.Ping.ClientTime.ToDateTimeOffset() + (roundTrip / 2);
        await connection.ReplyAsync(ping, new Envelope
        {
            Pong = new Pong { ClientTime = ping.Ping.ClientTime, ServerTime = Timestamp.FromDateTimeOffset(middle + serverAhead) },
        });
        await pinging.WithinDeadline("the pong");
    }
}
