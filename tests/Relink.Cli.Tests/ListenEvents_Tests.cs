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
