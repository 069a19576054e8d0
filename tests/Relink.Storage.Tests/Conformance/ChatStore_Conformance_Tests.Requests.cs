namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task A_friend_request_is_pending_on_both_sides_until_accepted_and_then_they_are_friends()
    {
        await CreateUsersAsync("alice", "bob");

        (await Store.RequestFriendshipAsync("alice", "bob", "hi, from the meetup", NextTime())).ShouldBe(FriendRequestOutcome.Requested);

        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeFalse();
        var seenByBob = (await Store.ListFriendRequestsAsync("bob")).ShouldHaveSingleItem();
        seenByBob.From.UserId.ShouldBe("alice");
        seenByBob.To.UserId.ShouldBe("bob");
        seenByBob.Note.ShouldBe("hi, from the meetup");
        (await Store.ListFriendRequestsAsync("alice")).ShouldHaveSingleItem().To.UserId.ShouldBe("bob");

        (await Store.AcceptFriendRequestAsync("bob", "alice", NextTime())).ShouldBeTrue();

        (await Store.AreFriendsAsync("bob", "alice")).ShouldBeTrue();
        (await Store.ListFriendRequestsAsync("bob")).ShouldBeEmpty();
        (await Store.ListFriendRequestsAsync("alice")).ShouldBeEmpty();
        (await TalkAsync("alice", ConversationId.Direct("alice", "bob"))).PeerId.ShouldBe("bob");
    }

    [Fact]
    public async Task Asking_twice_is_one_request_and_keeps_the_first_note()
    {
        await CreateUsersAsync("alice", "bob");

        await Store.RequestFriendshipAsync("alice", "bob", "first", NextTime());
        (await Store.RequestFriendshipAsync("alice", "bob", "second", NextTime())).ShouldBe(FriendRequestOutcome.AlreadyPending);

        (await Store.ListFriendRequestsAsync("bob")).ShouldHaveSingleItem().Note.ShouldBe("first");
    }

    [Fact]
    public async Task Crossing_requests_make_a_friendship_and_leave_no_request()
    {
        await CreateUsersAsync("alice", "bob");

        await Store.RequestFriendshipAsync("alice", "bob", "", NextTime());
        (await Store.RequestFriendshipAsync("bob", "alice", "", NextTime())).ShouldBe(FriendRequestOutcome.BecameFriends);

        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeTrue();
        (await Store.ListFriendRequestsAsync("alice")).ShouldBeEmpty();
        (await Store.ListFriendRequestsAsync("bob")).ShouldBeEmpty();
        (await Store.RequestFriendshipAsync("alice", "bob", "", NextTime())).ShouldBe(FriendRequestOutcome.AlreadyFriends);
    }

    [Fact]
    public async Task Only_the_addressee_accepts_and_a_declined_or_cancelled_request_is_gone()
    {
        await CreateUsersAsync("alice", "bob", "carol");
        await Store.RequestFriendshipAsync("alice", "bob", "", NextTime());
        await Store.RequestFriendshipAsync("alice", "carol", "", NextTime());

        (await Store.AcceptFriendRequestAsync("alice", "bob", NextTime())).ShouldBeFalse("the requester cannot accept their own request");
        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeFalse();

        (await Store.DeleteFriendRequestAsync("alice", "bob")).ShouldBeTrue(); // bob declines
        (await Store.DeleteFriendRequestAsync("alice", "carol")).ShouldBeTrue(); // alice cancels
        (await Store.DeleteFriendRequestAsync("alice", "carol")).ShouldBeFalse();

        (await Store.ListFriendRequestsAsync("alice")).ShouldBeEmpty();
        (await Store.AcceptFriendRequestAsync("bob", "alice", NextTime())).ShouldBeFalse();
        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_removed_friendship_ends_both_ways_and_keeps_the_history()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendAsync(conversation, "alice", "kept");

        (await Store.RemoveFriendshipAsync("bob", "alice")).ShouldBeTrue();
        (await Store.RemoveFriendshipAsync("bob", "alice")).ShouldBeFalse();

        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeFalse();
        (await Store.AreFriendsAsync("bob", "alice")).ShouldBeFalse();
        (await Store.GetMessagesAsync(conversation, afterSeq: 0, beforeSeq: 0, limit: 10)).Messages.ShouldHaveSingleItem().Text.ShouldBe("kept");
    }

    [Fact]
    public async Task Blocking_ends_the_friendship_and_the_requests_and_hides_the_blocked_users_new_requests()
    {
        await FriendsAsync("alice", "bob");
        await CreateUsersAsync("carol");
        await Store.RequestFriendshipAsync("carol", "alice", "", NextTime());

        (await Store.BlockUserAsync("alice", "bob", NextTime())).ShouldBe(new BlockResult(NewlyBlocked: true, FriendshipEnded: true));
        (await Store.BlockUserAsync("alice", "carol", NextTime())).ShouldBe(new BlockResult(NewlyBlocked: true, FriendshipEnded: false));
        (await Store.BlockUserAsync("alice", "carol", NextTime())).NewlyBlocked.ShouldBeFalse();

        (await Store.AreFriendsAsync("bob", "alice")).ShouldBeFalse();
        (await Store.IsBlockedAsync("alice", "bob")).ShouldBeTrue();
        (await Store.IsBlockedAsync("bob", "alice")).ShouldBeFalse("a block goes one way");
        (await Store.ListBlockedAsync("alice")).Select(u => u.UserId).ShouldBe(["bob", "carol"]);
        (await Store.ListFriendRequestsAsync("alice")).ShouldBeEmpty();

        // The blocked side's request is kept as theirs, unseen by the blocker, and cannot be accepted.
        (await Store.RequestFriendshipAsync("bob", "alice", "please", NextTime())).ShouldBe(FriendRequestOutcome.Hidden);
        (await Store.ListFriendRequestsAsync("bob")).ShouldHaveSingleItem().To.UserId.ShouldBe("alice");
        (await Store.ListFriendRequestsAsync("alice")).ShouldBeEmpty();
        (await Store.AcceptFriendRequestAsync("alice", "bob", NextTime())).ShouldBeFalse();

        // The blocker cannot ask while blocking.
        (await Store.RequestFriendshipAsync("alice", "bob", "", NextTime())).ShouldBe(FriendRequestOutcome.RequesterBlocks);
        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeFalse();
    }

    [Fact]
    public async Task Unblocking_clears_the_requests_made_while_blocked_and_lets_both_ask_again()
    {
        await CreateUsersAsync("alice", "bob");
        await Store.BlockUserAsync("alice", "bob", NextTime());
        await Store.RequestFriendshipAsync("bob", "alice", "", NextTime());

        (await Store.UnblockUserAsync("alice", "bob")).ShouldBeTrue();
        (await Store.UnblockUserAsync("alice", "bob")).ShouldBeFalse();

        (await Store.IsBlockedAsync("alice", "bob")).ShouldBeFalse();
        (await Store.ListBlockedAsync("alice")).ShouldBeEmpty();
        (await Store.ListFriendRequestsAsync("bob")).ShouldBeEmpty();
        (await Store.RequestFriendshipAsync("alice", "bob", "", NextTime())).ShouldBe(FriendRequestOutcome.Requested);
    }

    [Fact]
    public async Task Making_friends_without_a_request_clears_pending_requests_between_the_two()
    {
        await CreateUsersAsync("alice", "bob");
        await Store.RequestFriendshipAsync("alice", "bob", "", NextTime());

        (await Store.AddFriendshipAsync("bob", "alice", NextTime())).ShouldBeTrue();

        (await Store.ListFriendRequestsAsync("bob")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Requests_are_listed_oldest_first_in_both_directions()
    {
        await CreateUsersAsync("me", "ann", "ben", "cid");
        await Store.RequestFriendshipAsync("ben", "me", "", NextTime());
        await Store.RequestFriendshipAsync("me", "cid", "", NextTime());
        await Store.RequestFriendshipAsync("ann", "me", "", NextTime());

        (await Store.ListFriendRequestsAsync("me")).Select(r => r.From.UserId + ">" + r.To.UserId).ShouldBe(["ben>me", "me>cid", "ann>me"]);
    }

    [Fact]
    public async Task Two_requests_crossing_at_the_same_moment_make_one_friendship()
    {
        for (int round = 0; round < 5; round++)
        {
            string a = $"a{round}", b = $"b{round}";
            await CreateUsersAsync(a, b);

            var outcomes = await Task.WhenAll(
                Store.RequestFriendshipAsync(a, b, "", NextTime()),
                Store.RequestFriendshipAsync(b, a, "", NextTime()));

            outcomes.Order().ShouldBe([FriendRequestOutcome.Requested, FriendRequestOutcome.BecameFriends]);
            (await Store.AreFriendsAsync(a, b)).ShouldBeTrue();
            (await Store.ListFriendRequestsAsync(a)).ShouldBeEmpty();
        }
    }
}
