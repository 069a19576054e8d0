using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Server.Presence;
using Relink.Server.Sessions;
using Relink.Testing;
using Relink.Testing.Server;
using Audience = Relink.Protocol.Messages.PresenceAudience;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Presence;

/// <summary>
/// Presence against a real server whose clock the test moves by hand: the dead-link timeout is 35 s and the grace
/// 10 s, so a user whose last device was last heard from at T is announced offline at T + 45 s (at the next 1 s
/// sweep). A push that must not come is proven absent by what the receiver gets next instead: a message sent after
/// the moment it would have been announced, on the same link.
/// </summary>
public sealed partial class Presence_Tests : IAsyncLifetime
{
    private static readonly TimeSpan UntilOffline = TimeSpan.FromSeconds(45);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly OtherNode _otherNode = new(); // nobody is on it unless a test says so
    private TestServer _server = null!;

    private int Port => _server.TcpPort;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(
            ["--multi-device", "--heartbeat-interval", "15s", "--heartbeat-timeout", "35s", "--sweep-interval", "1s", "--presence-grace", "10s"], _time,
            services: s => s.AddSingleton<IPresenceElsewhere>(_otherNode));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private PresenceTracker Tracker => _server.Get<PresenceTracker>();

    private async Task<(LoggedIn Ann, LoggedIn Bob)> FriendsAsync()
    {
        var ann = await Users.NewAsync(Port, Users.Unique("pa"), device: "laptop");
        var bob = await Users.NewAsync(Port, Users.Unique("pb"));
        await Users.BefriendAsync(ann, bob);
        // Each is shown the other's presence when they become friends.
        (await ann.Client.NextPushAsync(Body.Presence)).Presence.State.ShouldBe(PresenceState.Online);
        (await bob.Client.NextPushAsync(Body.Presence)).Presence.State.ShouldBe(PresenceState.Online);
        return (ann, bob);
    }

    // Moves the clock a second at a time, so the 1 s sweeper runs at each step as it would; the users who stay
    // connected ping every 10 s, as their clients would, so the sweeper does not take their links for dead.
    private async Task AdvanceAsync(TimeSpan span, params LoggedIn[] staying)
    {
        int second = 0;
        for (var moved = TimeSpan.Zero; moved < span; moved += TimeSpan.FromSeconds(1))
        {
            if (second++ % 10 == 0)
            {
                foreach (var user in staying)
                {
                    (await user.Client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Body.Pong);
                }
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private async Task DropAsync(LoggedIn user, int devicesLeft = 0)
    {
        await user.Client.DisposeAsync();
        await Eventually.TrueAsync(() => _server.Get<SessionRegistry>().SessionsOf(user.UserId).Length == devicesLeft, "the server noticed the drop");
    }

    private async Task<LoggedIn> ResumeAsync(LoggedIn user, string device = "laptop")
    {
        var client = await RawClient.ConnectAsync(Port);
        var answer = await client.RequestAsync(new Envelope { Resume = new ResumeRequest { UserId = user.UserId, DeviceId = device, ResumeToken = user.State.ResumeToken } });
        answer.BodyCase.ShouldBe(Body.ResumeOk, answer.ToString());
        return new LoggedIn(user.UserId, client, answer.ResumeOk.State);
    }

    // What the receiver gets next, of presence and messages: the marker proves no presence came before it.
    private static async Task NextIsTheMarkerAsync(LoggedIn from, LoggedIn receiver)
    {
        await from.SendTextAsync(receiver.Direct, "marker");
        var next = await receiver.Client.ReceiveAsync(e => e.RequestId == 0 && e.BodyCase is Body.Presence or Body.Message, "presence or marker");
        next.BodyCase.ShouldBe(Body.Message, next.ToString());
        next.Message.Message.Text.ShouldBe("marker");
    }

    private static Envelope SetAudience(Audience audience) =>
        new() { SetPresenceAudience = new SetPresenceAudienceRequest { Audience = audience } };

    [Fact]
    public async Task A_friend_coming_online_is_pushed_and_the_friend_list_at_login_says_who_is_online()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var cat = await Users.NewAsync(Port, Users.Unique("pc"));
        await Users.BefriendAsync(cat, ann);
        await ann.Client.NextPushAsync(Body.Presence);

        await using var bobPhone = await Users.LoginAsync(Port, bob.UserId, device: "phone");

        bobPhone.State.PresenceAudience.ShouldBe(Audience.Friends, "the default");
        bobPhone.State.FriendPresence.Single().ShouldBe(new Relink.Protocol.Messages.Presence { UserId = ann.UserId, State = PresenceState.Online });
        var annFriends = (await ann.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).ListFriendsOk;
        annFriends.Presence.Select(p => (p.UserId, p.State)).ShouldBe(annFriends.Friends.Select(f => (f.UserId, PresenceState.Online)));
        await NextIsTheMarkerAsync(bob, ann); // bob's second device is not news to ann
    }

    [Fact]
    public async Task A_drop_followed_by_a_resume_within_the_grace_announces_nothing()
    {
        var (ann, bob) = await FriendsAsync();
        await using var __ = bob;

        await DropAsync(ann);
        await AdvanceAsync(UntilOffline - TimeSpan.FromSeconds(2), bob);
        await using var back = await ResumeAsync(ann);
        await AdvanceAsync(UntilOffline * 2, bob, back);

        back.State.FriendPresence.Single().State.ShouldBe(PresenceState.Online);
        Tracker.IsOnline(ann.UserId).ShouldBeTrue();
        await NextIsTheMarkerAsync(back, bob);
    }

    [Fact]
    public async Task Offline_is_announced_after_the_dead_link_timeout_plus_the_grace_with_when_the_user_was_last_heard_from()
    {
        var (ann, bob) = await FriendsAsync();
        await using var __ = bob;
        var lastHeard = _time.GetUtcNow();

        await DropAsync(ann);
        await AdvanceAsync(UntilOffline - TimeSpan.FromSeconds(1), bob);
        await using (var carol = await Users.NewAsync(Port, Users.Unique("pd")))
        {
            await Users.BefriendAsync(carol, bob);
            await bob.Client.NextPushAsync(Body.Presence);
            await NextIsTheMarkerAsync(carol, bob); // 44 s: still online to bob
            await carol.Client.RequestAsync(new Envelope { Logout = new LogoutRequest() });
            (await bob.Client.NextPushAsync(Body.Presence)).Presence.UserId.ShouldBe(carol.UserId, "a logout is announced at once");
        }

        await AdvanceAsync(TimeSpan.FromSeconds(2), bob);

        var offline = (await bob.Client.NextPushAsync(Body.Presence)).Presence;
        offline.UserId.ShouldBe(ann.UserId);
        offline.State.ShouldBe(PresenceState.Offline);
        offline.LastSeen.ToDateTimeOffset().ShouldBe(lastHeard, TimeSpan.FromSeconds(1));
        bob.State.FriendPresence.ShouldBeEmpty("bob had no friends when he logged in");
        var list = (await bob.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).ListFriendsOk;
        list.Presence.Single(p => p.UserId == ann.UserId).ShouldBe(offline);
    }

    [Fact]
    public async Task A_user_is_online_while_any_device_is_and_last_seen_is_when_the_last_one_went_away()
    {
        var (ann, bob) = await FriendsAsync();
        await using var __ = bob;
        var annPhone = await Users.LoginAsync(Port, ann.UserId, device: "phone");

        await DropAsync(ann, devicesLeft: 1);
        await AdvanceAsync(UntilOffline * 2, bob, annPhone);
        Tracker.IsOnline(ann.UserId).ShouldBeTrue("the phone is still connected");

        await annPhone.Client.RequestAsync(new Envelope { Ping = new Ping() });
        var phoneLastHeard = _time.GetUtcNow();
        await DropAsync(annPhone);
        await AdvanceAsync(UntilOffline + TimeSpan.FromSeconds(1), bob);

        var offline = (await bob.Client.NextPushAsync(Body.Presence)).Presence;
        offline.State.ShouldBe(PresenceState.Offline);
        offline.LastSeen.ToDateTimeOffset().ShouldBe(phoneLastHeard, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_one_shot_errand_neither_announces_the_user_online_nor_offline()
    {
        await using var bob = await Users.NewAsync(Port, Users.Unique("pe"));
        string annId = Users.Unique("pf");
        await using (var ann = await Users.NewAsync(Port, annId))
        {
            await Users.BefriendAsync(ann, bob);
            await bob.Client.NextPushAsync(Body.Presence);
            await ann.Client.RequestAsync(new Envelope { Logout = new LogoutRequest() });
            (await bob.Client.NextPushAsync(Body.Presence)).Presence.State.ShouldBe(PresenceState.Offline);
        }

        await using var errand = await RawClient.ConnectAsync(Port);
        var login = await errand.RequestAsync(new Envelope { Login = new LoginRequest { UserId = annId, Password = Users.Password, DeviceId = "cli", OneShot = true } });
        login.LoginOk.FriendPresence.Single().State.ShouldBe(PresenceState.Online, "bob is online");
        await errand.DisposeAsync();
        await AdvanceAsync(UntilOffline + TimeSpan.FromSeconds(1), bob);

        await using var annAgain = await Users.LoginAsync(Port, annId);
        (await bob.Client.NextPushAsync(Body.Presence)).Presence.State.ShouldBe(PresenceState.Online, "the first presence bob sees is ann's real return");
    }

    [Fact]
    public async Task Nobody_hides_the_user_from_friends_at_once_and_from_then_on()
    {
        var (ann, bob) = await FriendsAsync();
        await using var __ = bob;

        (await ann.Client.RequestAsync(SetAudience(Audience.Nobody))).SetPresenceAudienceOk.Audience
            .ShouldBe(Audience.Nobody);

        (await bob.Client.NextPushAsync(Body.Presence)).Presence.ShouldBe(new Relink.Protocol.Messages.Presence { UserId = ann.UserId, State = PresenceState.Unspecified });
        await using var bobPhone = await Users.LoginAsync(Port, bob.UserId, device: "phone");
        bobPhone.State.FriendPresence.Single().State.ShouldBe(PresenceState.Unspecified);
        var search = (await bob.Client.RequestAsync(new Envelope { SearchUsers = new SearchUsersRequest { Key = ann.UserId } })).SearchUsersOk;
        search.Users.Single().Online.ShouldBeFalse();

        await DropAsync(ann);
        await AdvanceAsync(UntilOffline * 2, bob, bobPhone);
        await using var annBack = await Users.LoginAsync(Port, ann.UserId);
        annBack.State.PresenceAudience.ShouldBe(Audience.Nobody, "the choice is stored");
        await NextIsTheMarkerAsync(annBack, bob); // neither the offline nor the new online reached bob
    }

    [Fact]
    public async Task Friends_lets_friends_see_it_but_not_strangers_and_everyone_lets_strangers_see_it_in_search()
    {
        var (ann, bob) = await FriendsAsync();
        await using var _ = ann;
        await using var __ = bob;
        await using var stranger = await Users.NewAsync(Port, Users.Unique("ps"));
        async Task<bool> OnlineInSearchOf(LoggedIn viewer) =>
            (await viewer.Client.RequestAsync(new Envelope { SearchUsers = new SearchUsersRequest { Key = ann.UserId } })).SearchUsersOk.Users.Single().Online;

        (await OnlineInSearchOf(bob)).ShouldBeTrue();
        (await OnlineInSearchOf(stranger)).ShouldBeFalse();

        await ann.Client.RequestAsync(SetAudience(Audience.Everyone));
        (await OnlineInSearchOf(stranger)).ShouldBeTrue();
        await NextIsTheMarkerAsync(ann, bob); // friends saw it before and still do: nothing to tell them

        await ann.Client.RequestAsync(SetAudience(Audience.Nobody));
        await bob.Client.NextPushAsync(Body.Presence);
        await ann.Client.RequestAsync(SetAudience(Audience.Friends));
        (await bob.Client.NextPushAsync(Body.Presence)).Presence.State.ShouldBe(PresenceState.Online, "shown again");
        (await OnlineInSearchOf(stranger)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_audience_that_is_not_a_choice_is_refused_and_the_earlier_one_stays()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("pg"));
        await ann.Client.RequestAsync(SetAudience(Audience.Nobody));

        var refused = await ann.Client.RequestAsync(SetAudience(Audience.Unspecified));

        refused.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        refused.Error.Field.ShouldBe("audience");
        await using var again = await Users.LoginAsync(Port, ann.UserId, device: "other");
        again.State.PresenceAudience.ShouldBe(Audience.Nobody);
    }
}
