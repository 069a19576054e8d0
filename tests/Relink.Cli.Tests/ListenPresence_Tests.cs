using Google.Protobuf.WellKnownTypes;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Cli.Tests;

/// <summary><c>relink listen --events</c> prints friends' presence; <c>relink presence WHO</c> sets who may see the user's.</summary>
public class ListenPresence_Tests
{
    private static Envelope Presence(string userId, PresenceState state, DateTimeOffset? lastSeen = null) =>
        new() { Presence = new Wire.Presence { UserId = userId, State = state, LastSeen = lastSeen is { } seen ? Timestamp.FromDateTimeOffset(seen) : null } };

    [Fact]
    public async Task Listen_with_events_prints_presence_lines_with_last_seen_when_offline()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();
        using var interrupt = new CancellationTokenSource();
        var running = console.RunAsync(interrupt.Token, ["listen", "-s", server.Address, "-u", "alice", "-p", "secret-password", "--events"]);
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login() });
        await console.ErrorAsync("listening as alice");

        await connection.SendAsync(Presence("bob", PresenceState.Online));
        await connection.SendAsync(Presence("bob", PresenceState.Offline, new DateTimeOffset(2026, 12, 6, 21, 0, 1, TimeSpan.Zero)));
        await connection.SendAsync(Presence("carol", PresenceState.Unspecified));
        await console.OutputLinesAsync(3);
        await interrupt.CancelAsync();

        (await Eventually.WithinAsync(running, "relink listen to stop")).ShouldBe(0);
        console.Output.Lines.ShouldBe([
            """{"event":"presence","user":"bob","state":"online"}""",
            """{"event":"presence","user":"bob","state":"offline","lastSeen":"2026-12-06T21:00:01.000Z"}""",
            """{"event":"presence","user":"carol","state":"hidden"}""",
        ]);
    }

    [Fact]
    public async Task Presence_sends_the_choice_and_prints_the_one_in_force()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();
        var running = console.RunAsync(CancellationToken.None, ["presence", "nobody", "-s", server.Address, "-u", "alice", "-p", "secret-password"]);
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        await connection.ReplyAsync(login, new Envelope { LoginOk = Scenario.Login() });

        var request = await connection.ExpectAsync(Envelope.BodyOneofCase.SetPresenceAudience);
        request.SetPresenceAudience.Audience.ShouldBe(Wire.PresenceAudience.Nobody);
        await connection.ReplyAsync(request, new Envelope { SetPresenceAudienceOk = new SetPresenceAudienceResponse { Audience = Wire.PresenceAudience.Nobody } });

        (await Eventually.WithinAsync(running, "relink presence to finish")).ShouldBe(0);
        console.Output.Lines.ShouldBe(["""{"presence":"nobody"}"""]);
    }
}
