using System.Collections.Concurrent;
using Relink.Server.Presence;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;
using PresenceState = Relink.Protocol.Messages.PresenceState;

namespace Relink.Server.Tests.Presence;

/// <summary>
/// A user who left this node and was then online on another one: the OFFLINE this node announces in the end never
/// says they were last seen before that (a friend would see "last seen" go back in time, to before a login they saw).
/// </summary>
public sealed partial class Presence_Tests
{
    [Fact]
    public async Task An_offline_postponed_while_the_user_was_on_another_node_says_they_were_last_seen_there()
    {
        var (ann, bob, carol) = await DroppedAsync(); // last heard here now
        await using var _ = bob;
        await using var __ = carol;

        await AdvanceAsync(TimeSpan.FromSeconds(20), bob, carol);
        var onTheOtherNode = _time.GetUtcNow(); // she logs in on another node
        _otherNode.Holds(ann.UserId, onTheOtherNode);
        await AdvanceAsync(UntilOffline, bob, carol); // her OFFLINE here fell due, and was put off: she is online there
        await NextIsTheMarkerAsync(carol, bob);
        _otherNode.Gone(ann.UserId); // that node died (another took it over), or she left it
        await AdvanceAsync(UntilOffline + TimeSpan.FromSeconds(2), bob, carol);

        var offline = (await bob.Client.NextPushAsync(Body.Presence)).Presence;
        offline.UserId.ShouldBe(ann.UserId);
        offline.State.ShouldBe(PresenceState.Offline);
        offline.LastSeen.ToDateTimeOffset().ShouldBe(onTheOtherNode, TimeSpan.FromSeconds(1), "not when she left this node, 20 s before she was seen on the other");
    }

    [Theory]
    [InlineData(true)] // this node took the dead node's sessions over
    [InlineData(false)] // another node did, and told every node over the bus
    public async Task A_user_this_node_is_about_to_announce_whom_a_dead_node_left_later_is_announced_by_the_later_silence(bool takenOverHere)
    {
        var (ann, bob, carol) = await DroppedAsync(); // last heard here now: her OFFLINE falls due in 45 s
        await using var _ = bob;
        await using var __ = carol;

        await AdvanceAsync(TimeSpan.FromSeconds(10), bob, carol);
        var heardOnTheDeadNode = _time.GetUtcNow(); // she was on a node that renewed its lease now, and then died
        await AdvanceAsync(TimeSpan.FromSeconds(5), bob, carol);
        if (takenOverHere)
        {
            Tracker.LeftBehind(ann.UserId, heardOnTheDeadNode);
        }
        else
        {
            Tracker.HeardOnDeadNode(ann.UserId, heardOnTheDeadNode);
            Tracker.HeardOnDeadNode(carol.UserId, heardOnTheDeadNode); // nothing pending for her here: nothing to do
        }

        await AdvanceAsync(UntilOffline - TimeSpan.FromSeconds(10), bob, carol);
        await NextIsTheMarkerAsync(carol, bob); // 50 s after she left here, 40 s after the dead node last heard her
        await AdvanceAsync(TimeSpan.FromSeconds(7), bob, carol);

        var offline = (await bob.Client.NextPushAsync(Body.Presence)).Presence;
        offline.UserId.ShouldBe(ann.UserId);
        offline.State.ShouldBe(PresenceState.Offline);
        offline.LastSeen.ToDateTimeOffset().ShouldBe(heardOnTheDeadNode, TimeSpan.FromSeconds(1));
        Tracker.OfflineAnnouncements.ShouldBe(1, "one OFFLINE for both of her sessions");
    }

    // Ann's link dropped just now; bob stays, and carol (bob's friend) sends him the markers.
    private async Task<(LoggedIn Ann, LoggedIn Bob, LoggedIn Carol)> DroppedAsync()
    {
        var (ann, bob) = await FriendsAsync();
        var carol = await Users.NewAsync(Port, Users.Unique("pe"));
        await Users.BefriendAsync(carol, bob);
        await bob.Client.NextPushAsync(Body.Presence);
        await DropAsync(ann);
        return (ann, bob, carol);
    }

    /// <summary>The cluster's view of the users on other nodes, as the test sets it.</summary>
    private sealed class OtherNode : IPresenceElsewhere
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _heard = new(StringComparer.Ordinal);

        public void Holds(string userId, DateTimeOffset heard) => _heard[userId] = heard;

        public void Gone(string userId) => _heard.TryRemove(userId, out _);

        public Task<IReadOnlySet<string>> OnlineElsewhereAsync(IReadOnlyCollection<string> userIds) =>
            Task.FromResult<IReadOnlySet<string>>(userIds.Where(_heard.ContainsKey).ToHashSet(StringComparer.Ordinal));

        public Task<DateTimeOffset?> HeardElsewhereAsync(string userId) =>
            Task.FromResult(_heard.TryGetValue(userId, out var heard) ? heard : (DateTimeOffset?)null);
    }
}
