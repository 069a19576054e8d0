using Relink.Protocol.Messages;
using Audience = Relink.Protocol.Messages.PresenceAudience;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Presence;

/// <summary>
/// A user a dead node left (<see cref="Server.Presence.PresenceTracker.LeftBehind"/>): the node that took the dead
/// node's sessions over announces them offline by the same rule as its own devices, once the dead-link timeout plus
/// the grace has passed since they were last heard from, and only if they did not come back.
/// </summary>
public sealed partial class Presence_Tests
{
    // Ann was on a node that died: here she logs out (friends see OFFLINE), and is then handed over as if she had
    // since been online on the dead node, last heard from at the moment returned.
    private async Task<(string Ann, LoggedIn Bob, LoggedIn Carol)> LeftByADeadNodeAsync(Audience? audience = null)
    {
        var (ann, bob) = await FriendsAsync();
        var carol = await Users.NewAsync(Port, Users.Unique("pl"));
        await Users.BefriendAsync(carol, bob);
        await bob.Client.NextPushAsync(Body.Presence);
        await carol.Client.NextPushAsync(Body.Presence);
        if (audience is { } chosen)
        {
            await ann.Client.RequestAsync(SetAudience(chosen));
            await bob.Client.NextPushAsync(Body.Presence);
        }

        await ann.Client.RequestAsync(new Envelope { Logout = new LogoutRequest() });
        if (audience is not Audience.Nobody)
        {
            (await bob.Client.NextPushAsync(Body.Presence)).Presence.State.ShouldBe(PresenceState.Offline);
        }

        await ann.DisposeAsync();
        return (ann.UserId, bob, carol);
    }

    [Fact]
    public async Task A_user_a_dead_node_left_is_announced_offline_when_the_silence_since_last_heard_has_passed()
    {
        var (ann, bob, carol) = await LeftByADeadNodeAsync();
        await using var _ = bob;
        await using var __ = carol;
        var lastHeard = _time.GetUtcNow() - TimeSpan.FromSeconds(30); // the dead node's last renewal

        Tracker.LeftBehind(ann, lastHeard);
        await AdvanceAsync(TimeSpan.FromSeconds(13), bob, carol);
        await NextIsTheMarkerAsync(carol, bob); // 43 s since last heard: still online to bob
        await AdvanceAsync(TimeSpan.FromSeconds(3), bob, carol);

        var offline = (await bob.Client.NextPushAsync(Body.Presence)).Presence;
        offline.UserId.ShouldBe(ann);
        offline.State.ShouldBe(PresenceState.Offline);
        offline.LastSeen.ToDateTimeOffset().ShouldBe(lastHeard, TimeSpan.FromSeconds(1));
        Tracker.IsOnline(ann).ShouldBeFalse();
    }

    [Fact]
    public async Task A_user_a_dead_node_left_who_hid_their_presence_is_not_announced()
    {
        var (ann, bob, carol) = await LeftByADeadNodeAsync(Audience.Nobody);
        await using var _ = bob;
        await using var __ = carol;

        Tracker.LeftBehind(ann, _time.GetUtcNow());
        await AdvanceAsync(UntilOffline + TimeSpan.FromSeconds(2), bob, carol);

        await NextIsTheMarkerAsync(carol, bob);
    }

    [Fact]
    public async Task A_user_a_dead_node_left_who_comes_back_here_within_the_grace_is_never_seen_leaving()
    {
        var (ann, bob, carol) = await LeftByADeadNodeAsync();
        await using var _ = bob;
        await using var __ = carol;

        Tracker.LeftBehind(ann, _time.GetUtcNow());
        await AdvanceAsync(TimeSpan.FromSeconds(20), bob, carol);
        await using var back = await Users.LoginAsync(Port, ann);
        await AdvanceAsync(UntilOffline + TimeSpan.FromSeconds(2), bob, carol, back);

        Tracker.IsOnline(ann).ShouldBeTrue();
        await NextIsTheMarkerAsync(back, bob); // neither an OFFLINE nor a second ONLINE reached bob
    }
}
