using System.Text.Json;

namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    // ---- LoadSessionStateAsync: what a login answer carries, in one call

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task The_session_state_is_what_each_part_s_own_method_returns(int latestPerTalk)
    {
        string withBob = await FriendsAsync("alice", "bob");
        await CreateUsersAsync("carol", "erin", "frank", "gina", "olga");
        (await Store.AddFriendshipAsync("alice", "carol", NextTime())).ShouldBeTrue();
        await Store.OpenTalkAsync("alice", ConversationId.Direct("alice", "carol"), NextTime()); // a talk without messages
        await SendManyAsync(withBob, "bob", 5);
        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(withBob, 2)]);
        // A group that shows history from the join: the two messages before alice joined stay out of her talk.
        var group = await Store.CreateGroupAsync(new NewGroup("olga", "Club", "", [], NextTime()));
        await SendManyAsync(ConversationId.Group(group.GroupId), "olga", 2);
        (await Store.AddGroupMemberAsync(group.GroupId, "alice", NextTime())).ShouldBeTrue();
        await SendAsync(ConversationId.Group(group.GroupId), "olga", "welcome");
        await Store.SetPresenceAudienceAsync("alice", PresenceAudience.Friends);
        await Store.SetPresenceAudienceAsync("carol", PresenceAudience.Nobody);
        await Store.SetPresenceAudienceAsync("olga", PresenceAudience.Everyone); // not a friend: not asked for
        await Store.RequestFriendshipAsync("erin", "alice", "hello", NextTime());
        await Store.RequestFriendshipAsync("alice", "frank", "", NextTime());
        await Store.BlockUserAsync("alice", "gina", NextTime());
        await Store.SetReadReceiptsAsync("alice", false);

        var state = await Store.LoadSessionStateAsync("alice", "phone", latestPerTalk);

        var friends = await Store.ListFriendsAsync("alice");
        Json(state.Friends).ShouldBe(Json(friends));
        Json(state.PresenceAudiences.OrderBy(a => a.Key, StringComparer.Ordinal))
            .ShouldBe(Json((await Store.ListPresenceAudiencesAsync([.. friends.Select(f => f.UserId), "alice"])).OrderBy(a => a.Key, StringComparer.Ordinal)));
        state.PresenceAudiences.Keys.Order(StringComparer.Ordinal).ShouldBe(["alice", "carol"]);
        Json(state.Talks).ShouldBe(Json(await Store.ListTalksAsync("alice", "phone", latestPerTalk)));
        state.Talks.Count.ShouldBe(3);
        state.ReadReceipts.ShouldBeFalse();
        Json(state.FriendRequests).ShouldBe(Json(await Store.ListFriendRequestsAsync("alice")));
        state.FriendRequests.Count.ShouldBe(2);
        Json(state.Blocked).ShouldBe(Json(await Store.ListBlockedAsync("alice")));
        state.Blocked.Single().UserId.ShouldBe("gina");
    }

    [Fact]
    public async Task Each_talk_of_the_session_state_carries_its_latest_messages_and_the_device_s_cursors()
    {
        string withBob = await FriendsAsync("alice", "bob");
        await CreateUsersAsync("carol");
        (await Store.AddFriendshipAsync("alice", "carol", NextTime())).ShouldBeTrue();
        string withCarol = ConversationId.Direct("alice", "carol");
        await SendManyAsync(withBob, "bob", 5);
        await SendAsync(withCarol, "carol", "newest");
        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(withBob, 4)]);

        var talks = (await Store.LoadSessionStateAsync("alice", "phone", 2)).Talks;

        talks.Select(t => t.ConversationId).ShouldBe([withCarol, withBob]); // newest activity first
        talks[1].Latest.Select(m => m.Text).ShouldBe(["m4", "m5"]);
        talks[1].DeliveredSeq.ShouldBe(4);
        talks[1].Unread.ShouldBe(5);
        talks[0].Latest.Select(m => m.Text).ShouldBe(["newest"]);
        talks[0].DeliveredSeq.ShouldBe(0);
    }

    [Fact]
    public async Task The_session_state_of_a_user_with_nothing_is_empty_with_read_receipts_on()
    {
        await CreateUsersAsync("alice");

        var state = await Store.LoadSessionStateAsync("alice", "phone", 10);

        state.Friends.ShouldBeEmpty();
        state.PresenceAudiences.ShouldBeEmpty();
        state.Talks.ShouldBeEmpty();
        state.ReadReceipts.ShouldBeTrue();
        state.FriendRequests.ShouldBeEmpty();
        state.Blocked.ShouldBeEmpty();
    }

    // ---- RedeemResumeTokenAsync: judge and rotate in one atomic change

    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private static ResumeTokenRedemption Redemption(byte presented, byte next, DateTimeOffset now, TimeSpan? grace = null, string device = "phone") =>
        new("alice", device, Hash(presented), Hash(next), now.AddDays(30), now, grace ?? Grace);

    [Fact]
    public async Task Redeeming_the_current_token_rotates_it_and_keeps_it_as_the_previous_one()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), Origin.AddDays(1)));
        var now = NextTime();

        (await Store.RedeemResumeTokenAsync(Redemption(1, 2, now))).ShouldBe(TokenRedemption.Current);

        var stored = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        stored.TokenHash.ShouldBe(Hash(2));
        stored.ExpiresAt.ShouldBe(now.AddDays(30));
        stored.PreviousHash.ShouldBe(Hash(1));
        stored.RotatedAt.ShouldBe(now);
    }

    [Fact]
    public async Task The_replaced_token_redeems_within_the_grace_without_extending_it()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), Origin.AddDays(1)));
        var rotated = NextTime();
        (await Store.RedeemResumeTokenAsync(Redemption(1, 2, rotated))).ShouldBe(TokenRedemption.Current);

        // The answer carrying token 2 was lost: token 1 comes back, twice, the second time at the grace's very end.
        (await Store.RedeemResumeTokenAsync(Redemption(1, 3, rotated.AddSeconds(30)))).ShouldBe(TokenRedemption.ThroughGrace);
        (await Store.RedeemResumeTokenAsync(Redemption(1, 4, rotated + Grace))).ShouldBe(TokenRedemption.ThroughGrace);

        var stored = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        stored.TokenHash.ShouldBe(Hash(4));
        stored.PreviousHash.ShouldBe(Hash(1));
        stored.RotatedAt.ShouldBe(rotated);
        (await Store.RedeemResumeTokenAsync(Redemption(1, 5, rotated + Grace + TimeSpan.FromMilliseconds(1)))).ShouldBe(TokenRedemption.Refused);
    }

    [Fact]
    public async Task Using_the_newer_token_retires_the_older_one()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), Origin.AddDays(1)));
        (await Store.RedeemResumeTokenAsync(Redemption(1, 2, NextTime()))).ShouldBe(TokenRedemption.Current);

        (await Store.RedeemResumeTokenAsync(Redemption(2, 3, NextTime()))).ShouldBe(TokenRedemption.Current);

        (await Store.RedeemResumeTokenAsync(Redemption(1, 4, NextTime()))).ShouldBe(TokenRedemption.Refused);
        (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull().TokenHash.ShouldBe(Hash(3));
    }

    [Fact]
    public async Task An_expired_unknown_or_other_device_s_token_and_a_replaced_one_without_grace_are_refused_and_change_nothing()
    {
        await CreateUsersAsync("alice");
        var expiry = Origin.AddDays(1);
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(2), expiry, Hash(1), NextTime()));

        (await Store.RedeemResumeTokenAsync(Redemption(2, 3, expiry))).ShouldBe(TokenRedemption.Refused); // expires at that instant
        (await Store.RedeemResumeTokenAsync(Redemption(9, 3, NextTime()))).ShouldBe(TokenRedemption.Refused);
        (await Store.RedeemResumeTokenAsync(Redemption(2, 3, NextTime(), device: "laptop"))).ShouldBe(TokenRedemption.Refused);
        (await Store.RedeemResumeTokenAsync(Redemption(1, 3, NextTime(), grace: TimeSpan.Zero))).ShouldBe(TokenRedemption.Refused);

        var stored = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        stored.TokenHash.ShouldBe(Hash(2));
        stored.PreviousHash.ShouldBe(Hash(1));
    }

    [Fact]
    public async Task Of_two_racing_redemptions_of_one_token_without_grace_exactly_one_gets_through()
    {
        await CreateUsersAsync("alice");
        for (int round = 0; round < 10; round++)
        {
            await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), Origin.AddDays(1)));
            var now = NextTime();

            var outcomes = await Task.WhenAll(
                Task.Run(() => Store.RedeemResumeTokenAsync(Redemption(1, 2, now, TimeSpan.Zero))),
                Task.Run(() => Store.RedeemResumeTokenAsync(Redemption(1, 3, now, TimeSpan.Zero))));

            outcomes.Count(o => o == TokenRedemption.Current).ShouldBe(1);
            outcomes.Count(o => o == TokenRedemption.Refused).ShouldBe(1);
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
