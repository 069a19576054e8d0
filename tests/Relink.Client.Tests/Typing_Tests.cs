using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

/// <summary>
/// Typing in the SDK: notices become <see cref="RelinkClient.TypingChanged"/> and <see cref="RelinkClient.WhoIsTyping"/>,
/// each expiring by its time to live on the client's one timer (moved by hand); the app's own signals are throttled.
/// </summary>
public sealed class Typing_Tests
{
    private readonly FakeTimeProvider _time = new();

    private static Envelope Notice(string userId, Wire.Peer peer, TypingState state = TypingState.Typing) =>
        new() { TypingNotice = new Wire.TypingNotice { Peer = peer, UserId = userId, Nickname = userId.ToUpperInvariant(), State = state, TtlMs = 6000 } };

    private static async Task<TypingChange> NextAsync(ConcurrentQueue<TypingChange> changes, string what)
    {
        TypingChange? change = null;
        await Eventually.TrueAsync(() => changes.TryDequeue(out change), what);
        return change!;
    }

    [Fact]
    public async Task A_typing_notice_shows_the_typist_until_its_time_to_live_runs_out_unless_renewed()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var changes = new ConcurrentQueue<TypingChange>();
        session.Client.TypingChanged += (_, change) => changes.Enqueue(change);
        var group = Peers.Group("g-1");

        await session.Connection.SendAsync(Notice("bob", Scenario.GroupPeer("g-1")));
        var started = await NextAsync(changes, "bob typing");
        started.Conversation.ShouldBe(group);
        started.Typing.ShouldBe([new TypingUser("bob", "BOB")]);

        await session.Connection.SendAsync(Notice("carol", Scenario.GroupPeer("g-1")));
        (await NextAsync(changes, "carol typing too")).Typing.Select(u => u.UserId).ShouldBe(["bob", "carol"]);

        _time.Advance(TimeSpan.FromSeconds(4));
        await session.Connection.SendAsync(Notice("bob", Scenario.GroupPeer("g-1"))); // bob's renewal: no change to raise
        await Eventually.TrueAsync(() => session.Client.WhoIsTyping(group).Count == 2, "the renewal to be applied");
        await session.Connection.SendAsync(Notice("carol", Scenario.GroupPeer("g-1"), TypingState.Paused));
        (await NextAsync(changes, "carol paused")).Typing.Select(u => u.UserId).ShouldBe(["bob"], "the renewal raised nothing");

        _time.Advance(TimeSpan.FromSeconds(5.9));
        session.Client.WhoIsTyping(group).Count.ShouldBe(1, "renewed 5.9 s ago, of a 6 s time to live");
        changes.ShouldBeEmpty();
        _time.Advance(TimeSpan.FromSeconds(0.1));
        (await NextAsync(changes, "bob's signal to expire")).Typing.ShouldBeEmpty();
        session.Client.WhoIsTyping(group).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_from_the_typist_ends_their_typing_at_once()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var changes = new ConcurrentQueue<TypingChange>();
        session.Client.TypingChanged += (_, change) => changes.Enqueue(change);
        await session.Connection.SendAsync(Notice("bob", Scenario.UserPeer("bob")));
        await NextAsync(changes, "bob typing");

        await session.Connection.SendAsync(new Envelope { Message = new MessagePush { Message = Scenario.FromBob(1, "done") } });

        var ended = await NextAsync(changes, "bob's message to end his typing");
        ended.Conversation.ShouldBe(Peers.User("bob"));
        ended.Typing.ShouldBeEmpty();
    }

    [Fact]
    public async Task Own_typing_repeats_at_most_every_three_seconds_and_a_pause_goes_out_only_after_typing()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var bob = Peers.User("bob");

        await session.Client.SendTypingAsync(bob, typing: false);
        await session.Client.SendTypingAsync(bob, typing: true);
        var first = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.Typing);
        first.Typing.To.ShouldBe(Scenario.UserPeer("bob"));
        first.Typing.State.ShouldBe(TypingState.Typing, "the pause before any typing was not sent");

        _time.Advance(TimeSpan.FromSeconds(2.9));
        await session.Client.SendTypingAsync(bob, typing: true);
        await session.ExpectNothingMoreWrittenAsync("a repeat within 3 s is not sent");

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await session.Client.SendTypingAsync(bob, typing: true);
        (await session.Connection.ExpectAsync(Envelope.BodyOneofCase.Typing)).Typing.State.ShouldBe(TypingState.Typing);

        await session.Client.SendTypingAsync(bob, typing: false);
        await session.Client.SendTypingAsync(bob, typing: false);
        (await session.Connection.ExpectAsync(Envelope.BodyOneofCase.Typing)).Typing.State.ShouldBe(TypingState.Paused);
        await session.ExpectNothingMoreWrittenAsync("one pause is enough");
    }
}
