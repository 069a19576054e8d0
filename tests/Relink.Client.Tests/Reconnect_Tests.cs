using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

/// <summary>Automatic reconnect against a scripted server, on a manual clock.</summary>
public class Reconnect_Tests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new();
    private readonly DateTimeOffset _start;

    public Reconnect_Tests() => _start = _time.GetUtcNow();

    private static Func<CancellationToken, ValueTask<Credentials?>> Password(string password) =>
        _ => ValueTask.FromResult<Credentials?>(new("alice", password));

    [Fact]
    public async Task A_lost_link_is_resumed_with_the_token_after_the_policy_delay_without_a_password()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var resumed = new TaskCompletionSource<SessionResumedEventArgs>();
        session.Client.Resumed += (_, e) => resumed.TrySetResult(e);

        var reconnecting = await session.DropAsync();
        reconnecting.Attempt.ShouldBe(1);
        reconnecting.NextAttemptAt.ShouldBe(_time.GetUtcNow() + TimeSpan.FromSeconds(1));
        reconnecting.LastError.ShouldBe("the server closed the connection");

        _time.Advance(TimeSpan.FromMilliseconds(999));
        session.Server.Accepted.ShouldBe(1, "not before the delay");
        await session.ResumeAfterAsync(TimeSpan.FromMilliseconds(1), expectedToken: "token-1");

        var back = await Eventually.WithinAsync(resumed.Task, "the Resumed event");
        back.LoggedInAgain.ShouldBeFalse();
        back.Downtime.ShouldBe(TimeSpan.FromSeconds(1));
        session.Client.State.ShouldBe(new ConnectionState.Connected("alice", "session-1"));
        session.States.Names.ShouldBe(["connecting", "authenticating", "connected", "reconnecting", "connecting", "authenticating", "connected"]);
    }

    [Fact]
    public async Task Each_resume_uses_the_newest_token_and_a_session_that_dropped_soon_continues_the_backoff()
    {
        await using var session = await LiveSession.StartAsync(_time);
        await session.DropAsync();
        await session.ResumeAfterAsync(TimeSpan.FromSeconds(1), "token-1", Scenario.WithToken(Scenario.Login(), "token-2"));

        var again = await session.DropAsync();

        again.Attempt.ShouldBe(2, "the session lasted no time at all: the flapping link backs off");
        again.NextAttemptAt.ShouldBe(_time.GetUtcNow() + TimeSpan.FromSeconds(2));
        await session.ResumeAfterAsync(TimeSpan.FromSeconds(2), expectedToken: "token-2");
    }

    [Fact]
    public async Task A_password_change_keeps_the_session_and_a_link_lost_right_after_resumes_with_the_token_it_gave()
    {
        await using var session = await LiveSession.StartAsync(_time);

        var changing = session.Client.ChangePasswordAsync("secret-password", "brand-new-password");
        var request = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.ChangePassword);
        request.ChangePassword.OldPassword.ShouldBe("secret-password");
        request.ChangePassword.NewPassword.ShouldBe("brand-new-password");
        await session.Connection.ReplyAsync(request, new Envelope { ChangePasswordOk = new ChangePasswordResponse { ResumeToken = "token-after-change" } });
        await session.DropAsync();

        await changing.WithinDeadline("the password change");
        await session.ResumeAfterAsync(TimeSpan.FromSeconds(1), expectedToken: "token-after-change");
    }

    [Fact]
    public async Task A_session_that_stayed_up_for_the_stable_period_starts_the_attempts_from_one_again()
    {
        await using var session = await LiveSession.StartAsync(_time, o => o with { StableConnectionPeriod = TimeSpan.FromSeconds(60) }, QuietLogin("token-1"));
        (await session.DropAsync()).Attempt.ShouldBe(1);
        await session.ResumeAfterAsync(TimeSpan.FromSeconds(1), "token-1", QuietLogin("token-2"));
        (await session.DropAsync()).Attempt.ShouldBe(2);
        await session.ResumeAfterAsync(TimeSpan.FromSeconds(2), "token-2", QuietLogin("token-3"));

        _time.Advance(TimeSpan.FromSeconds(60));
        var fresh = await session.DropAsync();

        fresh.Attempt.ShouldBe(1);
        fresh.NextAttemptAt.ShouldBe(_time.GetUtcNow() + TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("network change event")]
    [InlineData("NotifyNetworkChanged")]
    [InlineData("ReconnectNow")]
    public async Task A_trigger_skips_the_wait_and_reconnects_at_once(string trigger)
    {
        var network = new FakeNetwork();
        await using var session = await LiveSession.StartAsync(_time, o => o with { ReconnectPolicy = new PatientPolicy(FiveMinutes), NetworkChanges = network });
        (await session.DropAsync()).NextAttemptAt.ShouldBe(_time.GetUtcNow() + FiveMinutes);

        switch (trigger)
        {
            case "network change event":
                network.Change();
                break;
            case "NotifyNetworkChanged":
                session.Client.NotifyNetworkChanged();
                break;
            default:
                session.Client.ReconnectNow().ShouldBeTrue();
                break;
        }

        await session.ResumeAsync();
        _time.GetUtcNow().ShouldBe(_start, "no time passed: the five minutes were skipped");
    }

    [Fact]
    public async Task A_network_change_during_an_attempt_makes_the_next_attempt_start_at_once_if_this_one_fails()
    {
        var network = new FakeNetwork();
        await using var session = await LiveSession.StartAsync(_time, o => o with { ReconnectPolicy = new PatientPolicy(FiveMinutes), NetworkChanges = network });
        await session.DropAsync();
        network.Change();
        var stuck = await session.Server.AcceptAsync();
        await stuck.ExpectAsync(Envelope.BodyOneofCase.Resume);

        network.Change();
        await stuck.CloseAsync();

        (await session.States.NextAsync<ConnectionState.Reconnecting>()).Attempt.ShouldBe(2);
        await session.ResumeAsync();
        _time.GetUtcNow().ShouldBe(_start, "neither five-minute wait was served");
    }

    [Fact]
    public async Task A_disposed_client_stops_listening_to_network_changes()
    {
        var network = new FakeNetwork();
        await using var server = FakeServer.Start();
        var client = Scenario.Client(server, _time, o => o with { NetworkChanges = network });
        network.Subscribers.ShouldBe(1);

        await client.DisposeAsync();

        network.Subscribers.ShouldBe(0);
        client.State.ShouldBe(new ConnectionState.Stopped(StopReason.Disposed, "the client was disposed"));
    }

    [Fact]
    public async Task Stop_reconnecting_gives_up_fails_the_queued_sends_clearly_and_reconnect_now_starts_over()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var client = session.Client;
        await session.DropAsync();
        var queued = client.SendTextAsync(Peers.User("bob"), "are you there?");
        client.PendingMessages.Single().Text.ShouldBe("are you there?");

        client.StopReconnecting().ShouldBeTrue();

        var stopped = client.State.ShouldBeOfType<ConnectionState.Stopped>();
        stopped.Reason.ShouldBe(StopReason.GaveUp);
        stopped.Description.ShouldBe("stopped reconnecting on request after 0 failed attempts (last error: the server closed the connection)");
        var failure = await Should.ThrowAsync<RelinkStoppedException>(() => queued);
        failure.Reason.ShouldBe(StopReason.GaveUp);
        failure.Message.ShouldContain("gave up reconnecting");
        client.PendingMessages.ShouldBeEmpty();
        await Should.ThrowAsync<RelinkStoppedException>(() => client.SendTextAsync(Peers.User("bob"), "and now?"));
        _time.Advance(FiveMinutes);
        session.Server.Accepted.ShouldBe(1);

        client.ReconnectNow().ShouldBeTrue();
        (await session.States.NextAsync<ConnectionState.Reconnecting>()).Attempt.ShouldBe(1);
        await session.ResumeAsync();
    }

    [Fact]
    public async Task A_policy_that_gives_up_stops_the_client()
    {
        await using var session = await LiveSession.StartAsync(_time, o => o with { ReconnectPolicy = new ExponentialBackoffReconnectPolicy(maxAttempts: 2, jitter: ReconnectJitter.None) });
        await session.Server.DisposeAsync();

        (await session.States.NextAsync<ConnectionState.Reconnecting>()).Attempt.ShouldBe(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await session.States.NextAsync<ConnectionState.Reconnecting>()).Attempt.ShouldBe(2);
        _time.Advance(TimeSpan.FromSeconds(2));

        var stopped = await session.States.NextAsync<ConnectionState.Stopped>();
        stopped.Reason.ShouldBe(StopReason.GaveUp);
        stopped.Description.ShouldStartWith("the reconnect policy gave up after 2 attempts (last error: could not connect");
    }

    [Fact]
    public async Task The_server_going_away_is_met_after_its_delay_not_the_policys()
    {
        await using var session = await LiveSession.StartAsync(_time, o => o with { ReconnectPolicy = new PatientPolicy(FiveMinutes) });

        await session.Connection.SendAsync(new Envelope { GoingAway = new Wire.ServerGoingAway { ReconnectAfterMs = 1500, Message = "restarting" } });
        var reconnecting = await session.DropAsync();

        reconnecting.NextAttemptAt.ShouldBe(_time.GetUtcNow() + TimeSpan.FromMilliseconds(1500));
        reconnecting.LastError.ShouldBe("the server is going away: restarting");
        await session.ResumeAfterAsync(TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public async Task A_refused_resume_without_credentials_stops_and_asks_for_a_password()
    {
        await using var session = await LiveSession.StartAsync(_time);
        await session.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(1));

        var connection = await session.Server.AcceptAsync();
        await connection.ReplyErrorAsync(await connection.ExpectAsync(Envelope.BodyOneofCase.Resume), ErrorCode.ResumeRejected, "token spent");

        var stopped = await session.States.NextAsync<ConnectionState.Stopped>();
        stopped.Reason.ShouldBe(StopReason.AuthRequired);
        stopped.Description.ShouldBe("the session could not be resumed (its resume token was refused) and there are no credentials to log in with");
        await connection.ClosedByClient.WithinDeadline("the attempt's link to close");
        _time.Advance(FiveMinutes);
        session.Server.Accepted.ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_resume_logs_in_again_with_the_credentials_on_the_same_link()
    {
        await using var session = await LiveSession.StartAsync(_time, o => o with { CredentialsProvider = Password("new-password") });
        var resumed = new TaskCompletionSource<SessionResumedEventArgs>();
        session.Client.Resumed += (_, e) => resumed.TrySetResult(e);
        await session.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(1));

        var connection = await RefuseResumeAsync(session);
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.UserId.ShouldBe("alice");
        login.Login.Password.ShouldBe("new-password");
        login.Login.DeviceId.ShouldBe("test-device");
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.WithToken(Scenario.Login(), "token-9") });

        (await Eventually.WithinAsync(resumed.Task, "Resumed")).LoggedInAgain.ShouldBeTrue();
        await session.States.NextAsync<ConnectionState.Connected>();
        session.Server.Accepted.ShouldBe(2);
    }

    [Fact]
    public async Task A_resume_refused_again_soon_after_a_password_login_stops_instead_of_fighting_another_client()
    {
        await using var session = await LiveSession.StartAsync(_time, o => o with { CredentialsProvider = Password("secret-password") });
        await session.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await RefuseResumeAsync(session);
        await second.ReplyAsync(await second.ExpectAsync(Envelope.BodyOneofCase.Login), new Envelope { LoginOk = Scenario.WithToken(Scenario.Login(), "token-2") });
        await session.States.NextAsync<ConnectionState.Connected>();

        // Another client with our device id logs in: the server drops our link without a word, and spends our token.
        await second.CloseAsync();
        await session.States.NextAsync<ConnectionState.Reconnecting>();
        _time.Advance(TimeSpan.FromSeconds(2));
        var third = await RefuseResumeAsync(session);

        var stopped = await session.States.NextAsync<ConnectionState.Stopped>();
        stopped.Reason.ShouldBe(StopReason.AuthRequired);
        stopped.Description.ShouldContain("another client may be using device id 'test-device'");
        await third.ClosedByClient.WithinDeadline("no login on the third link");
    }

    [Fact]
    public async Task Start_keeps_trying_until_the_server_appears_then_logs_in_with_the_credentials()
    {
        int port = FreePort.Next();
        await using var client = Scenario.Client($"127.0.0.1:{port}", _time, o => o with { CredentialsProvider = Password("secret-password") });
        var states = new StateRecorder(client);

        var starting = client.StartAsync();
        var waiting = await states.NextAsync<ConnectionState.Reconnecting>();
        waiting.Attempt.ShouldBe(1);
        waiting.LastError.ShouldStartWith("could not connect");
        starting.IsCompleted.ShouldBeFalse();
        await using var server = FakeServer.Start(port: port);
        _time.Advance(TimeSpan.FromSeconds(1));

        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.Password.ShouldBe("secret-password");
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login() });

        (await Eventually.WithinAsync(starting, "StartAsync")).Profile.UserId.ShouldBe("alice");
        states.Names.ShouldBe(["connecting", "reconnecting", "connecting", "authenticating", "connected"]);
    }

    [Fact]
    public async Task Start_with_refused_credentials_stops_and_says_so()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time, o => o with { CredentialsProvider = Password("wrong-password") });

        var starting = client.StartAsync();
        var connection = await server.AcceptAsync();
        await connection.ReplyErrorAsync(await connection.ExpectAsync(Envelope.BodyOneofCase.Login), ErrorCode.InvalidCredentials, "Unknown user or wrong password.");

        var failure = await Should.ThrowAsync<RelinkStoppedException>(() => starting);
        failure.Reason.ShouldBe(StopReason.AuthRequired);
        failure.Message.ShouldContain("Unknown user or wrong password.");
    }

    [Fact]
    public async Task Resumed_reports_what_changed_while_away_but_not_what_was_already_seen_live()
    {
        var before = Scenario.Login(Scenario.TalkWithBob(2, 2), Scenario.GroupTalk("1", lastSeq: 5, deliveredSeq: 5));
        before.Friends.Add(Scenario.Bob);
        before.Groups.Add(Group("1"));
        before.Groups.Add(Group("2"));
        await using var session = await LiveSession.StartAsync(_time, login: before);
        var resumed = new TaskCompletionSource<SessionResumedEventArgs>();
        session.Client.Resumed += (_, e) => resumed.TrySetResult(e);
        var friendSeen = new TaskCompletionSource<bool>();
        session.Client.FriendAdded += (_, _) => friendSeen.TrySetResult(true);
        await session.Connection.SendAsync(new Envelope { FriendAdded = new FriendAddedNotice { Friend = Profile("carol") } });
        await Eventually.WithinAsync(friendSeen.Task, "carol announced live");
        await session.DropAsync();

        var after = Scenario.WithToken(Scenario.Login(Scenario.TalkWithBob(2, 2), Scenario.GroupTalk("1", lastSeq: 7, deliveredSeq: 5), Scenario.GroupTalk("3", lastSeq: 1, deliveredSeq: 1)), "token-2");
        after.Friends.Add(Scenario.Bob);
        after.Friends.Add(Profile("carol"));
        after.Friends.Add(Profile("dave"));
        after.Groups.Add(Group("1"));
        after.Groups.Add(Group("3"));
        await session.ResumeAfterAsync(TimeSpan.FromSeconds(1), "token-1", after);

        var changes = (await Eventually.WithinAsync(resumed.Task, "Resumed")).Changes;
        changes.NewFriends.Select(f => f.UserId).ShouldBe(["dave"]);
        changes.JoinedGroups.Select(g => g.GroupId).ShouldBe(["3"]);
        changes.LeftGroups.Select(g => g.GroupId).ShouldBe(["2"]);
        changes.TalksWithNewMessages.Select(t => t.ConversationId).ShouldBe(["g:1", "g:3"]);
        session.Client.Session!.Groups.Select(g => g.GroupId).ShouldBe(["1", "3"]);
    }

    private static async Task<FakeConnection> RefuseResumeAsync(LiveSession session)
    {
        var connection = await session.Server.AcceptAsync();
        await connection.ReplyErrorAsync(await connection.ExpectAsync(Envelope.BodyOneofCase.Resume), ErrorCode.ResumeRejected, "spent");
        return connection;
    }

    // A login whose heartbeat stays out of the way while the test moves the clock by minutes.
    private static LoginResponse QuietLogin(string token)
    {
        var login = Scenario.WithToken(Scenario.Login(), token);
        login.Heartbeat = new Wire.HeartbeatSettings { IntervalMs = 600_000, TimeoutMs = 1_800_000 };
        return login;
    }

    private static Wire.UserProfile Profile(string id) => new() { UserId = id, Nickname = id };

    private static Wire.GroupInfo Group(string id) => new() { GroupId = id, Name = "group " + id };
}
