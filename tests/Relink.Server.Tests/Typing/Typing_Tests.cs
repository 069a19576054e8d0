using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Server.Tests.Diagnostics;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Typing;

/// <summary>
/// Typing signals: relayed to the other participants only, refused to strangers, rate-limited by the server's clock
/// (moved by hand), and never stored. A dropped signal has no answer, so each test proves a drop by what the
/// receiver gets next: the message sent after it, in order on the same link, rather than the signal.
/// </summary>
public sealed class Typing_Tests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestServer _server = null!;

    private int Port => _server.TcpPort;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(["--multi-device", "--typing-interval", "3s"], _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Envelope Typing(Peer to, TypingState state = TypingState.Typing) => new() { Typing = new TypingRequest { To = to, State = state } };

    // Fire-and-forget, like a real client: a relayed or dropped signal gets no answer.
    private static Task SignalAsync(LoggedIn from, Peer to, TypingState state = TypingState.Typing)
    {
        var request = Typing(to, state);
        request.RequestId = 7000;
        return from.Client.SendAsync(request);
    }

    private static Task<Envelope> NextTypingOrMessageAsync(LoggedIn receiver) =>
        receiver.Client.ReceiveAsync(e => e.BodyCase is Body.TypingNotice or Body.Message, "typing notice or message");

    private async Task<(LoggedIn Ann, LoggedIn Bob)> FriendsAsync()
    {
        var ann = await Users.NewAsync(Port, Users.Unique("ta"));
        var bob = await Users.NewAsync(Port, Users.Unique("tb"));
        await Users.BefriendAsync(ann, bob);
        return (ann, bob);
    }

    [Fact]
    public async Task Typing_is_relayed_to_the_friend_with_who_where_and_a_time_to_live_but_not_to_the_typers_other_device()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var annPhone = await Users.LoginAsync(Port, ann.UserId, device: "phone");

        await SignalAsync(ann, bob.Direct);

        var notice = (await bob.Client.NextPushAsync(Body.TypingNotice)).TypingNotice;
        notice.Peer.ShouldBe(ann.Direct, "the conversation as bob sees it");
        notice.UserId.ShouldBe(ann.UserId);
        notice.Nickname.ShouldBe(ann.UserId.ToUpperInvariant());
        notice.State.ShouldBe(TypingState.Typing);
        notice.TtlMs.ShouldBe(6000, "two typing intervals");

        await ann.SendTextAsync(bob.Direct, "after typing");
        (await NextTypingOrMessageAsync(annPhone)).BodyCase.ShouldBe(Body.Message, "ann's own phone gets her message, not her typing");
    }

    [Fact]
    public async Task Typing_to_a_stranger_is_refused_like_a_send_and_reaches_nobody()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("tc"));
        await using var eve = await Users.NewAsync(Port, Users.Unique("te"));

        var refused = await ann.Client.RequestAsync(Typing(eve.Direct));

        refused.Error.Code.ShouldBe(ErrorCode.Forbidden);
        eve.Client.Pending().ShouldNotContain(e => e.BodyCase == Body.TypingNotice);
    }

    [Fact]
    public async Task A_typing_signal_without_a_state_is_refused()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;

        var refused = await ann.Client.RequestAsync(Typing(bob.Direct, TypingState.Unspecified));

        refused.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        refused.Error.Field.ShouldBe("state");
    }

    [Fact]
    public async Task Group_typing_reaches_the_other_members_only_and_a_non_member_is_refused()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("tg"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("th"));
        await using var cat = await Users.NewAsync(Port, Users.Unique("ti"));
        await using var dan = await Users.NewAsync(Port, Users.Unique("tj"));
        await Users.BefriendAsync(ann, bob);
        await Users.BefriendAsync(ann, cat);
        await Users.BefriendAsync(ann, dan); // ann's friend, but not in the group
        var create = new CreateGroupRequest { Name = "typists", MemberIds = { bob.UserId, cat.UserId } };
        var group = PeerOf.Group((await ann.Client.RequestAsync(new Envelope { CreateGroup = create })).GroupOk.Group.GroupId);

        await SignalAsync(ann, group);

        foreach (var member in new[] { bob, cat })
        {
            var notice = (await member.Client.NextPushAsync(Body.TypingNotice)).TypingNotice;
            notice.Peer.ShouldBe(group);
            notice.UserId.ShouldBe(ann.UserId);
        }

        await ann.SendTextAsync(dan.Direct, "not the group");
        (await NextTypingOrMessageAsync(dan)).BodyCase.ShouldBe(Body.Message, "dan is no member");
        (await dan.Client.RequestAsync(Typing(group))).Error.Code.ShouldBe(ErrorCode.Forbidden);
    }

    [Fact]
    public async Task Signals_over_one_per_interval_are_dropped_silently_except_the_pause_that_ends_typing()
    {
        using var metrics = new MetricRecorder(_server.Get<IMeterFactory>());
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;

        await SignalAsync(ann, bob.Direct);
        (await NextTypingOrMessageAsync(bob)).TypingNotice.State.ShouldBe(TypingState.Typing);

        _time.Advance(TimeSpan.FromSeconds(2));
        await SignalAsync(ann, bob.Direct); // a repeat within 3 s: dropped
        await SignalAsync(ann, bob.Direct, TypingState.Paused); // ends the typing: relayed
        await SignalAsync(ann, bob.Direct); // typing again within 3 s of the first: dropped
        await SignalAsync(ann, bob.Direct, TypingState.Paused); // already paused: dropped
        await ann.SendTextAsync(bob.Direct, "marker");
        (await NextTypingOrMessageAsync(bob)).TypingNotice.State.ShouldBe(TypingState.Paused);
        (await NextTypingOrMessageAsync(bob)).BodyCase.ShouldBe(Body.Message, "the three other signals were dropped");
        ann.Client.Pending().ShouldNotContain(e => e.BodyCase == Body.Error, "a dropped signal is no error");
        metrics.Sum("relink.limits.refusals", ("relink.limit", "typing_rate")).ShouldBe(3, "each drop is counted");

        _time.Advance(TimeSpan.FromSeconds(1));
        await SignalAsync(ann, bob.Direct);
        (await NextTypingOrMessageAsync(bob)).TypingNotice.State.ShouldBe(TypingState.Typing, "3 s after the first, typing passes again");
    }

    [Fact]
    public async Task Typing_stores_nothing()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;

        await SignalAsync(ann, bob.Direct);
        await bob.Client.NextPushAsync(Body.TypingNotice);

        var history = (await bob.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = ann.Direct } })).HistoryOk;
        history.Messages.ShouldBeEmpty();
        history.LastSeq.ShouldBe(0);
        (await bob.Client.RequestAsync(new Envelope { ListTalks = new ListTalksRequest() })).ListTalksOk.Talks.ShouldBeEmpty();
    }
}
