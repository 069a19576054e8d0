namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task Friendship_goes_both_ways_at_once()
    {
        await FriendsAsync("alice", "bob");

        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeTrue();
        (await Store.AreFriendsAsync("bob", "alice")).ShouldBeTrue();
        (await Store.ListFriendsAsync("alice")).Select(u => u.UserId).ShouldBe(["bob"]);
        (await Store.ListFriendsAsync("bob")).Select(u => u.UserId).ShouldBe(["alice"]);
    }

    [Fact]
    public async Task Adding_an_existing_friendship_again_changes_nothing_from_either_side()
    {
        await FriendsAsync("alice", "bob");

        (await Store.AddFriendshipAsync("alice", "bob", NextTime())).ShouldBeFalse();
        (await Store.AddFriendshipAsync("bob", "alice", NextTime())).ShouldBeFalse();

        (await Store.ListFriendsAsync("alice")).Count.ShouldBe(1);
        (await Store.ListFriendsAsync("bob")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Friendship_creates_the_direct_conversation_for_both_sides()
    {
        string conversation = await FriendsAsync("bob", "alice");
        conversation.ShouldBe(ConversationId.Direct("alice", "bob"));

        var alicesTalk = await TalkAsync("alice", conversation);
        var bobsTalk = await TalkAsync("bob", conversation);
        alicesTalk.Kind.ShouldBe(ConversationKind.Direct);
        alicesTalk.PeerId.ShouldBe("bob");
        bobsTalk.PeerId.ShouldBe("alice");
        alicesTalk.LastSeq.ShouldBe(0);
        alicesTalk.LastMessage.ShouldBeNull();

        (await SendAsync(conversation, "bob", "hi")).Seq.ShouldBe(1);
    }

    [Fact]
    public async Task Strangers_are_not_friends()
    {
        await CreateUsersAsync("alice", "bob");

        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeFalse();
        (await Store.ListFriendsAsync("alice")).ShouldBeEmpty();
        (await Store.GetTalkAsync("alice", "phone", ConversationId.Direct("alice", "bob"), 10)).ShouldBeNull();
    }

    [Fact]
    public async Task A_direct_conversation_opened_for_strangers_takes_messages_and_shows_on_both_sides_without_a_friendship()
    {
        await CreateUsersAsync("alice", "bob");
        string conversation = ConversationId.Direct("alice", "bob");

        await Store.OpenDirectConversationAsync("bob", "alice", NextTime());
        await Store.OpenDirectConversationAsync("alice", "bob", NextTime()); // again: nothing changes

        (await SendAsync(conversation, "alice", "from the app")).Seq.ShouldBe(1);
        (await TalkAsync("bob", conversation)).Unread.ShouldBe(1);
        (await TalkAsync("alice", conversation)).PeerId.ShouldBe("bob");
        (await Store.AreFriendsAsync("alice", "bob")).ShouldBeFalse();

        // Becoming friends later keeps the conversation and its history.
        (await Store.AddFriendshipAsync("alice", "bob", NextTime())).ShouldBeTrue();
        (await Store.GetMessagesAsync(conversation, afterSeq: 0, beforeSeq: 0, limit: 10)).Messages.Single().Text.ShouldBe("from the app");
    }

    [Fact]
    public async Task Friends_are_listed_by_nickname()
    {
        await CreateUsersAsync("me");
        await Store.CreateUserAsync(new NewUser("u1", "Carol", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("u2", "Alice", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("u3", "Bob", "", "h", NextTime()));
        foreach (string friend in new[] { "u1", "u2", "u3" })
        {
            await Store.AddFriendshipAsync("me", friend, NextTime());
        }

        (await Store.ListFriendsAsync("me")).Select(u => u.Nickname).ShouldBe(["Alice", "Bob", "Carol"]);
    }

    [Fact]
    public async Task Filtering_candidates_keeps_only_friends()
    {
        await FriendsAsync("me", "friend1");
        await FriendsAsync("friend2", "stranger");
        await Store.AddFriendshipAsync("me", "friend2", NextTime());

        var friends = await Store.FilterFriendsAsync("me", ["friend1", "stranger", "friend2", "nobody", "me"]);

        friends.OrderBy(id => id, StringComparer.Ordinal).ShouldBe(["friend1", "friend2"]);
        (await Store.FilterFriendsAsync("me", [])).ShouldBeEmpty();
    }
}
