using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Cli.Tests;

/// <summary><c>relink listen --events</c> prints typing as JSON lines; without the flag the output is messages only.</summary>
public class ListenEvents_Tests
{
    private static Envelope Typing(string userId, Wire.Peer peer, TypingState state) =>
        new() { TypingNotice = new TypingNotice { Peer = peer, UserId = userId, Nickname = userId, State = state, TtlMs = 6000 } };

    private static async Task<(Task<int> Running, FakeConnection Connection)> ListenAsync(FakeServer server, TestConsole console, CancellationToken interrupt, params string[] flags)
    {
        var running = console.RunAsync(interrupt, ["listen", "-s", server.Address, "-u", "alice", "-p", "secret-password", .. flags]);
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login() });
        await console.ErrorAsync("listening as alice");
        return (running, connection);
    }

    [Fact]
    public async Task Listen_with_events_prints_who_starts_and_stops_typing_in_direct_and_group_conversations()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();
        using var interrupt = new CancellationTokenSource();
        var (running, connection) = await ListenAsync(server, console, interrupt.Token, "--events");

        await connection.SendAsync(Typing("bob", Scenario.UserPeer("bob"), TypingState.Typing));
        await connection.SendAsync(Typing("carol", Scenario.GroupPeer("g-1"), TypingState.Typing));
        await connection.SendAsync(Typing("carol", Scenario.GroupPeer("g-1"), TypingState.Typing)); // a renewal: no line
        await connection.SendAsync(Typing("bob", Scenario.UserPeer("bob"), TypingState.Paused));
        await connection.PushAsync(Scenario.FromBob(1, "hi"));
        await console.OutputLinesAsync(4);
        await interrupt.CancelAsync();

        (await Eventually.WithinAsync(running, "relink listen to stop")).ShouldBe(0);
        console.Output.Lines.Take(3).ShouldBe([
            """{"event":"typing","user":"bob","to":"alice","state":"typing"}""",
            """{"event":"typing","user":"carol","group":"g-1","state":"typing"}""",
            """{"event":"typing","user":"bob","to":"alice","state":"paused"}""",
        ]);
        console.Output.Lines[3].ShouldContain("\"text\":\"hi\"");
    }

    [Fact]
    public async Task Listen_with_events_prints_others_receipts_and_this_user_s_reads_elsewhere_as_read_lines()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();
        using var interrupt = new CancellationTokenSource();
        var (running, connection) = await ListenAsync(server, console, interrupt.Token, "--events");

        await connection.SendAsync(new Envelope { ReadNotice = new ReadNotice { Peer = Scenario.UserPeer("bob"), UserId = "bob", ReadSeq = 3, DeliveredSeq = 5 } });
        await connection.SendAsync(new Envelope { ReadNotice = new ReadNotice { Peer = Scenario.GroupPeer("g-1"), UserId = "carol", ReadSeq = 7 } });
        await connection.SendAsync(new Envelope { ReadSync = new ReadSyncNotice { Peer = Scenario.UserPeer("bob"), ConversationId = "d:alice:bob", ReadSeq = 5, Unread = 1 } });
        await console.OutputLinesAsync(3);
        await interrupt.CancelAsync();

        (await Eventually.WithinAsync(running, "relink listen to stop")).ShouldBe(0);
        console.Output.Lines.ShouldBe([
            """{"event":"read","user":"bob","conversation":"d:alice:bob","readSeq":3,"deliveredSeq":5}""",
            """{"event":"read","user":"carol","conversation":"g:g-1","readSeq":7}""",
            """{"event":"read","user":"alice","conversation":"d:alice:bob","readSeq":5,"unread":1}""",
        ]);
    }

    [Fact]
    public async Task Listen_without_events_prints_messages_only()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();
        using var interrupt = new CancellationTokenSource();
        var (running, connection) = await ListenAsync(server, console, interrupt.Token);

        await connection.SendAsync(Typing("bob", Scenario.UserPeer("bob"), TypingState.Typing));
        await connection.PushAsync(Scenario.FromBob(1, "hi"));
        await console.OutputLinesAsync(1);
        await interrupt.CancelAsync();

        (await Eventually.WithinAsync(running, "relink listen to stop")).ShouldBe(0);
        console.Output.Lines.ShouldHaveSingleItem().ShouldContain("\"text\":\"hi\"");
    }
}
