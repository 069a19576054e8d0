using Microsoft.Extensions.Time.Testing;
using Relink.Cli.Chat;
using Relink.Cli.Commands;
using Relink.Client;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Cli.Tests;

public class CliSession_Tests
{
    [Fact]
    public async Task Send_sends_each_stdin_line_in_order_skipping_blank_ones_and_prints_each_ack()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole("first line\n\n   \nsecond line\n");

        var running = console.RunAsync("send", "--server", server.Address, "--user", "alice", "--password", "secret-password", "--to", "bob");
        var connection = await LoginAsync(server);
        connection.ShouldNotBeNull();
        long seq = 10;
        foreach (string expected in new[] { "first line", "second line" })
        {
            var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
            send.SendMessage.Text.ShouldBe(expected);
            send.SendMessage.To.ShouldBe(Scenario.UserPeer("bob"));
            await connection.ReplyAsync(send, new Envelope { SendMessageOk = new SendMessageResponse { Message = Scenario.FromAlice(++seq, expected, send.SendMessage.ClientMsgId) } });
        }

        (await Eventually.WithinAsync(running, "relink send to finish")).ShouldBe(0, console.Error.Text);
        console.Output.Lines.ShouldBe([
            """{"id":1011,"conversation":"d:alice:bob","seq":11,"text":"first line"}""",
            """{"id":1012,"conversation":"d:alice:bob","seq":12,"text":"second line"}""",
        ]);
    }

    [Fact]
    public async Task Send_logs_in_one_shot_as_its_own_device_so_it_never_displaces_a_listener()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("send", "-s", server.Address, "-u", "alice", "-p", "secret-password", "--group", "1001", "hello", "group");
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.DeviceId.ShouldBe("cli-alice-send");
        login.Login.OneShot.ShouldBeTrue("a login the server lets take no session over");
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login() });
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        send.SendMessage.Text.ShouldBe("hello group");
        send.SendMessage.To.ShouldBe(Scenario.GroupPeer("1001"));
        await connection.ReplyAsync(send, new Envelope { SendMessageOk = new SendMessageResponse { Message = Scenario.InGroup("1001", 1) } });

        (await Eventually.WithinAsync(running, "relink send")).ShouldBe(0);
    }

    [Fact]
    public async Task A_token_logs_in_in_place_of_the_password()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("friends", "list", "-s", server.Address, "-u", "alice", "--token", "header.payload.signature");
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.AccessToken.ShouldBe("header.payload.signature");
        login.Login.Password.ShouldBeEmpty();
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login() });
        var list = await connection.ExpectAsync(Envelope.BodyOneofCase.ListFriends);
        await connection.ReplyAsync(list, new Envelope { ListFriendsOk = new ListFriendsResponse() });

        (await Eventually.WithinAsync(running, "relink friends list")).ShouldBe(0, console.Error.Text);
    }

    [Fact]
    public async Task A_token_for_another_user_than_user_exits_2_and_does_nothing_as_them()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("send", "-s", server.Address, "-u", "bob", "--token", "header.payload.signature", "--to", "carol", "hi");
        var connection = await LoginAsync(server); // the token is alice's
        var next = await connection.ExpectAsync(Envelope.BodyOneofCase.Logout);
        await connection.ReplyAsync(next, new Envelope { LogoutOk = new LogoutResponse() });

        (await Eventually.WithinAsync(running, "relink send")).ShouldBe(2);
        console.Error.Text.ShouldContain("the token is for 'alice', not for --user 'bob'");
    }

    [Fact]
    public async Task A_refused_send_exits_4_with_the_error_code_on_stderr()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("send", "-s", server.Address, "-u", "alice", "-p", "secret-password", "--to", "zed", "hi");
        var connection = await LoginAsync(server);
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        await connection.ReplyErrorAsync(send, Relink.Client.ErrorCode.Forbidden, "zed is not your friend");

        (await Eventually.WithinAsync(running, "relink send")).ShouldBe(4);
        console.Error.Text.ShouldContain("zed is not your friend (Forbidden)");
        console.Output.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Wrong_credentials_exit_2()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("friends", "list", "-s", server.Address, "-u", "alice", "-p", "wrong-password");
        var connection = await server.AcceptAsync();
        await connection.ReplyErrorAsync(await connection.ExpectAsync(Envelope.BodyOneofCase.Login), Relink.Client.ErrorCode.InvalidCredentials, "unknown user or wrong password");

        (await Eventually.WithinAsync(running, "relink friends list")).ShouldBe(2);
        console.Error.Text.ShouldContain("Authentication failed");
    }

    [Fact]
    public async Task Listen_prints_the_offline_backlog_then_live_messages_until_interrupted()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();
        using var interrupt = new CancellationTokenSource();

        var running = console.RunAsync(interrupt.Token, "listen", "-s", server.Address, "-u", "alice", "-p", "secret-password");
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.DeviceId.ShouldBe("cli-alice");
        login.Login.OneShot.ShouldBeFalse("listen holds the account");
        var backlog = Scenario.TalkWithBob(deliveredSeq: 1, lastSeq: 3, Scenario.FromBob(1), Scenario.FromBob(2), Scenario.FromBob(3));
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login(backlog) });
        await console.OutputLinesAsync(2);
        await connection.PushAsync(Scenario.FromBob(4, "live"));
        await console.OutputLinesAsync(3);

        await interrupt.CancelAsync();

        (await Eventually.WithinAsync(running, "relink listen to stop")).ShouldBe(0);
        console.Output.Lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64()).ShouldBe([2, 3, 4]);
        console.Output.Lines[2].ShouldBe("""{"id":1004,"from":"bob","conversation":"d:alice:bob","seq":4,"text":"live","sentAt":"2026-03-01T12:00:04.000Z"}""");

        // Acks may come in several batches (the 200 ms timer runs on the real clock here); the last covers seq 4.
        long acked = 0;
        while (acked < 4)
        {
            acked = (await connection.ExpectAsync(Envelope.BodyOneofCase.Ack)).Ack.Cursors.Single().Seq;
        }
    }

    [Fact]
    public async Task Listen_run_again_on_the_same_device_prints_nothing_a_previous_run_printed()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();
        var firstTalk = Scenario.TalkWithBob(deliveredSeq: 0, lastSeq: 2, Scenario.FromBob(1), Scenario.FromBob(2));
        await ListenUntilAsync(console, server, Scenario.Login(firstTalk), printed: 2);

        // This server never took the acks in: it offers 1 and 2 again, with 3.
        var secondTalk = Scenario.TalkWithBob(deliveredSeq: 0, lastSeq: 3, Scenario.FromBob(1), Scenario.FromBob(2), Scenario.FromBob(3));
        await ListenUntilAsync(console, server, Scenario.Login(secondTalk), printed: 3);

        console.Output.Lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64()).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task A_second_run_on_the_same_user_and_device_is_refused_while_the_first_runs()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();
        using var interrupt = new CancellationTokenSource();
        var first = console.RunAsync(interrupt.Token, "listen", "-s", server.Address, "-u", "alice", "-p", "secret-password");
        await LoginAsync(server);
        await console.ErrorAsync("listening as alice");

        var second = await console.RunAsync("listen", "-s", server.Address, "-u", "alice", "-p", "secret-password");

        second.ShouldBe(1);
        console.Error.Text.ShouldContain("in use by another client");
        await interrupt.CancelAsync();
        (await Eventually.WithinAsync(first, "the first listen to stop")).ShouldBe(0);
    }

    [Fact]
    public async Task Listen_exits_5_when_the_account_signs_in_elsewhere()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("listen", "-s", server.Address, "-u", "alice", "-p", "secret-password");
        var connection = await LoginAsync(server);
        await console.ErrorAsync("listening as alice");
        await connection.SendAsync(new Envelope { Kicked = new Wire.Kicked { Reason = Wire.KickReason.LoggedInElsewhere, DeviceId = "phone", Message = "Signed in on another device (phone)." } });
        await connection.CloseAsync();

        (await Eventually.WithinAsync(running, "relink listen to stop")).ShouldBe(5);
        console.Error.Lines[^1].ShouldBe("relink: kicked: signed in elsewhere (device phone)");
        server.Accepted.ShouldBe(1);
    }

    [Fact]
    public async Task Listen_survives_a_dropped_link_reports_each_state_and_goes_on_printing()
    {
        var time = new FakeTimeProvider();
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, time, o => o with { CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(new("alice", "secret-password")) });
        var console = new TestConsole();
        using var interrupt = new CancellationTokenSource();
        var settings = new ConnectionSettings(server.Address, new Credentials("alice", "secret-password"), "test-device");

        var running = ListenCommand.ListenAsync(client, settings, console.Console, interrupt.Token);
        var first = await LoginAsync(server, Scenario.Login(Scenario.TalkWithBob(0, 0)));
        await first.PushAsync(Scenario.FromBob(1));
        await console.OutputLinesAsync(1);
        await first.CloseAsync();
        await console.ErrorAsync("relink: reconnecting in 1 s (attempt 1): the server closed the connection");
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await Scenario.ResumeAsync(server, "token-1", Scenario.WithToken(Scenario.Login(Scenario.TalkWithBob(1, 1)), "token-2"));
        await console.ErrorAsync("relink: back after 1 s");
        await second.PushAsync(Scenario.FromBob(2));
        await console.OutputLinesAsync(2);

        await interrupt.CancelAsync();

        (await Eventually.WithinAsync(running, "listen to stop")).ShouldBe(0);
        console.Output.Lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64()).ShouldBe([1, 2]);
        console.Error.Lines.ShouldContain("relink: connected as alice");
    }

    [Fact]
    public async Task Send_survives_a_dropped_link_and_every_line_is_acked_once_in_order()
    {
        await using var session = await LiveSession.StartAsync(new FakeTimeProvider());
        var console = new TestConsole();

        var running = SendCommand.SendAllAsync(session.Client, console.Console, Peers.User("bob"), Lines("one", "two", "three"), CancellationToken.None);
        var lost = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        lost.SendMessage.Text.ShouldBe("one");
        await session.DropAsync();
        await console.ErrorAsync("relink: reconnecting in 1 s (attempt 1)");
        var second = await session.ResumeAfterAsync(TimeSpan.FromSeconds(1));
        long seq = 0;
        foreach (string text in new[] { "one", "two", "three" })
        {
            var send = await second.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
            send.SendMessage.Text.ShouldBe(text);
            if (text == "one")
            {
                send.SendMessage.ClientMsgId.ShouldBe(lost.SendMessage.ClientMsgId);
            }

            await second.ReplyAsync(send, Scenario.SendOk(send, ++seq));
        }

        (await Eventually.WithinAsync(running, "relink send to finish")).ShouldBe(0);
        console.Output.Lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()).ShouldBe(["one", "two", "three"]);
    }

    [Fact]
    public async Task Chat_tells_a_kick_at_once_while_stdin_blocks_its_reader_as_a_terminal_does()
    {
        await using var session = await LiveSession.StartAsync(new FakeTimeProvider());
        using var input = new BlockingInput();
        var console = new TestConsole(input);
        // Run apart from the test's thread: a chat that read stdin on its own thread would block it for good.
        var running = Task.Run(() => new ChatSession(session.Client, console.Console, TimeZoneInfo.Utc).RunAsync(session.Client.Session!, CancellationToken.None));
        await console.OutputAsync("Commands:");

        await session.Connection.SendAsync(new Envelope { Kicked = new Wire.Kicked { Reason = Wire.KickReason.LoggedInElsewhere, DeviceId = "phone", Message = "Signed in on another device (phone)." } });
        await session.Connection.CloseAsync();

        (await Eventually.WithinAsync(running, "chat to end on the kick, nobody typing")).ShouldBe(5);
        console.Error.Lines.ShouldContain("relink: kicked: signed in elsewhere (device phone)");
    }

    [Fact]
    public async Task Chat_shows_the_reconnect_in_its_status_line_and_obeys_stop_and_reconnect()
    {
        await using var session = await LiveSession.StartAsync(new FakeTimeProvider());
        var (input, console, running) = await ChatAsync(session);

        await session.DropAsync();
        await console.ErrorAsync("-- reconnecting in 1 s (attempt 1): the server closed the connection --");
        input.Type("/stop");
        await console.OutputAsync("Stopped reconnecting. /reconnect to try again.");
        await console.ErrorAsync("-- stopped: stopped reconnecting on request");
        session.Time.Advance(TimeSpan.FromMinutes(1));
        session.Server.Accepted.ShouldBe(1);

        input.Type("/reconnect");
        await console.OutputAsync("Reconnecting now.");
        await session.ResumeAsync();
        await console.ErrorAsync("-- connected as alice --");
        input.Type("/quit");

        (await Eventually.WithinAsync(running, "chat to quit")).ShouldBe(0);
    }

    [Fact]
    public async Task Chat_keeps_lines_typed_while_reconnecting_and_shows_them_once_stored()
    {
        await using var session = await LiveSession.StartAsync(new FakeTimeProvider(), login: Scenario.Login(Scenario.TalkWithBob(0, 0)));
        var (input, console, running) = await ChatAsync(session);
        input.Type("/open bob");
        var open = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.OpenTalk);
        await session.Connection.ReplyAsync(open, new Envelope { TalkOk = new TalkResponse { Talk = Scenario.TalkWithBob(0, 0) } });
        await session.Connection.ReplyAsync(await session.Connection.ExpectAsync(Envelope.BodyOneofCase.History), Scenario.History(0, false));
        await console.OutputAsync("--- Bob (bob) ---");

        await session.DropAsync();
        input.Type("typed offline");
        await console.OutputAsync("(queued until the connection is back: typed offline)");
        var second = await session.ResumeAfterAsync(TimeSpan.FromSeconds(1));
        var send = await second.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        send.SendMessage.Text.ShouldBe("typed offline");
        await second.ReplyAsync(send, Scenario.SendOk(send, 1));
        await console.OutputAsync("Alice: typed offline");
        input.Type("/quit");

        (await Eventually.WithinAsync(running, "chat to quit")).ShouldBe(0);
    }

    [Fact]
    public async Task Groups_create_prints_only_the_new_group_id()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync("groups", "create", "Book club", "--member", "bob", "--member", "carol", "-s", server.Address, "-u", "alice", "-p", "secret-password");
        var connection = await LoginAsync(server);
        var create = await connection.ExpectAsync(Envelope.BodyOneofCase.CreateGroup);
        create.CreateGroup.Name.ShouldBe("Book club");
        create.CreateGroup.MemberIds.ShouldBe(["bob", "carol"]);
        await connection.ReplyAsync(create, new Envelope { GroupOk = new GroupResponse { Group = new Wire.GroupInfo { GroupId = "1042", Name = "Book club" } } });

        (await Eventually.WithinAsync(running, "relink groups create")).ShouldBe(0);
        console.Output.Lines.ShouldBe(["1042"]);
    }

    [Fact]
    public async Task Chat_opens_a_talk_sends_typed_lines_and_quits()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole("/open bob\nhello bob\n/quit\n");

        var running = console.RunAsync("chat", "-s", server.Address, "-u", "alice", "-p", "secret-password");
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        var talk = Scenario.TalkWithBob(0, 0);
        talk.Unread = 2;
        talk.Sketch = "see you";
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login(talk) });

        var open = await connection.ExpectAsync(Envelope.BodyOneofCase.OpenTalk);
        open.OpenTalk.Peer.ShouldBe(Scenario.UserPeer("bob"));
        await connection.ReplyAsync(open, new Envelope { TalkOk = new TalkResponse { Talk = talk } });
        var history = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        await connection.ReplyAsync(history, Scenario.History(1, false, Scenario.FromBob(1, "see you")));
        var read = await connection.ExpectAsync(Envelope.BodyOneofCase.MarkRead);
        read.MarkRead.Seq.ShouldBe(1);
        await connection.ReplyAsync(read, new Envelope { MarkReadOk = new MarkReadResponse() });
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        send.SendMessage.Text.ShouldBe("hello bob");
        await connection.ReplyAsync(send, new Envelope { SendMessageOk = new SendMessageResponse { Message = Scenario.FromAlice(2, "hello bob", send.SendMessage.ClientMsgId) } });

        (await Eventually.WithinAsync(running, "relink chat to quit")).ShouldBe(0, console.Error.Text);
        string screen = console.Output.Text;
        screen.ShouldContain("bob            Bob              (2)    see you");
        screen.ShouldContain("--- Bob (bob) ---");
        screen.ShouldContain("Bob: see you");
        screen.ShouldContain("Alice: hello bob");
    }

    internal static async Task<FakeConnection> LoginAsync(FakeServer server, LoginResponse? answer = null)
    {
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        await connection.ReplyAsync(login, new Envelope { LoginOk = answer ?? Scenario.Login() });
        return connection;
    }

    // Runs `relink listen` until it printed this many lines in all, then interrupts it.
    private static async Task ListenUntilAsync(TestConsole console, FakeServer server, LoginResponse login, int printed)
    {
        using var interrupt = new CancellationTokenSource();
        var running = console.RunAsync(interrupt.Token, "listen", "-s", server.Address, "-u", "alice", "-p", "secret-password");
        await LoginAsync(server, login);
        await console.OutputLinesAsync(printed);
        await interrupt.CancelAsync();
        (await Eventually.WithinAsync(running, "relink listen to stop")).ShouldBe(0);
    }

    // The interactive chat on a logged-in session, with input the test types.
    private static async Task<(TypedInput Input, TestConsole Console, Task<int> Running)> ChatAsync(LiveSession session)
    {
        var input = new TypedInput();
        var console = new TestConsole(input);
        var running = new ChatSession(session.Client, console.Console, TimeZoneInfo.Utc).RunAsync(session.Client.Session!, CancellationToken.None);
        await console.OutputAsync("Commands:");
        return (input, console, running);
    }

    private static async IAsyncEnumerable<string> Lines(params string[] lines)
    {
        foreach (string line in lines)
        {
            await Task.Yield();
            yield return line;
        }
    }
}
