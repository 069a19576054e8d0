namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task An_opened_talk_is_listed_with_the_friend_s_name_and_head()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var openedAt = NextTime();

        await Store.OpenTalkAsync("alice", conversation, openedAt);

        var talk = (await Store.ListTalksAsync("alice", "phone", 10)).ShouldHaveSingleItem();
        talk.ConversationId.ShouldBe(conversation);
        talk.PeerId.ShouldBe("bob");
        talk.Name.ShouldBe("Bob");
        talk.Head.ShouldBe("head-bob");
        talk.LastActivity.ShouldBe(openedAt);
        talk.Latest.ShouldBeEmpty();
        (await TalkListAsync("bob")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Opening_for_both_participants_lists_the_talk_on_both_sides()
    {
        string conversation = await FriendsAsync("alice", "bob");

        await Store.OpenTalkAsync(["alice", "bob"], conversation, NextTime());

        (await TalkListAsync("alice")).ShouldHaveSingleItem().ShouldBe(conversation);
        (await TalkListAsync("bob")).ShouldHaveSingleItem().ShouldBe(conversation);
    }

    [Fact]
    public async Task A_conversation_never_opened_and_without_messages_is_not_listed()
    {
        await FriendsAsync("alice", "bob");

        (await TalkListAsync("alice")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_lists_the_talk_for_the_recipient_without_opening_it()
    {
        string conversation = await FriendsAsync("alice", "bob");

        var message = await SendAsync(conversation, "bob", "hi alice");

        var talk = (await Store.ListTalksAsync("alice", "phone", 10)).ShouldHaveSingleItem();
        talk.LastMessage.ShouldBe(message);
        talk.LastActivity.ShouldBe(message.SentAt);
    }

    [Fact]
    public async Task A_deleted_talk_is_hidden_and_deleting_it_again_returns_false()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendAsync(conversation, "bob", "hi");
        await Store.OpenTalkAsync("alice", conversation, NextTime());

        (await Store.DeleteTalkAsync("alice", conversation)).ShouldBeTrue();
        (await Store.DeleteTalkAsync("alice", conversation)).ShouldBeFalse();

        (await TalkListAsync("alice")).ShouldBeEmpty();
        (await TalkListAsync("bob")).ShouldBe([conversation]);
        (await Store.GetMessagesAsync(conversation, null, 0, 10)).Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Deleting_a_talk_that_is_not_listed_returns_false()
    {
        string conversation = await FriendsAsync("alice", "bob");

        (await Store.DeleteTalkAsync("alice", conversation)).ShouldBeFalse();
        (await Store.DeleteTalkAsync("alice", "d:nobody:noone")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_deleted_talk_comes_back_with_a_newer_message()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendAsync(conversation, "bob", "old");
        await Store.DeleteTalkAsync("alice", conversation);

        var newer = await SendAsync(conversation, "bob", "new");

        var talk = (await Store.ListTalksAsync("alice", "phone", 10)).ShouldHaveSingleItem();
        talk.LastMessage.ShouldBe(newer);
        talk.Latest.Select(m => m.Text).ShouldBe(["old", "new"]);
    }

    [Fact]
    public async Task A_deleted_talk_comes_back_when_opened()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendAsync(conversation, "bob", "old");
        await Store.DeleteTalkAsync("alice", conversation);

        await Store.OpenTalkAsync("alice", conversation, NextTime());

        (await TalkListAsync("alice")).ShouldBe([conversation]);
    }

    [Fact]
    public async Task Getting_one_talk_shows_it_even_when_deleted_but_not_to_outsiders()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await CreateUsersAsync("eve");
        await SendAsync(conversation, "bob", "hi");
        await Store.DeleteTalkAsync("alice", conversation);

        (await TalkAsync("alice", conversation)).LastSeq.ShouldBe(1);
        (await Store.GetTalkAsync("eve", "phone", conversation, 10)).ShouldBeNull();
    }

    [Fact]
    public async Task Talks_are_ordered_by_latest_activity_newest_first()
    {
        string withBob = await FriendsAsync("alice", "bob");
        await CreateUsersAsync("carol", "dave");
        await Store.AddFriendshipAsync("alice", "carol", NextTime());
        await Store.AddFriendshipAsync("alice", "dave", NextTime());
        string withCarol = ConversationId.Direct("alice", "carol");
        string withDave = ConversationId.Direct("alice", "dave");

        await SendAsync(withBob, "bob", "1");
        await SendAsync(withCarol, "carol", "2");
        await Store.OpenTalkAsync("alice", withDave, NextTime());
        (await TalkListAsync("alice")).ShouldBe([withDave, withCarol, withBob]);

        await SendAsync(withBob, "bob", "3");
        (await TalkListAsync("alice")).ShouldBe([withBob, withDave, withCarol]);

        await Store.OpenTalkAsync("alice", withCarol, NextTime());
        (await TalkListAsync("alice")).ShouldBe([withCarol, withBob, withDave]);
    }

    [Fact]
    public async Task Unread_counts_only_messages_from_others_after_the_read_cursor()
    {
        string conversation = await FriendsAsync("alice", "bob");

        await SendAsync(conversation, "bob", "1");
        await SendAsync(conversation, "bob", "2");
        await SendAsync(conversation, "bob", "3");
        (await TalkAsync("alice", conversation)).Unread.ShouldBe(3);
        (await TalkAsync("bob", conversation)).Unread.ShouldBe(0);

        await Store.MarkReadAsync("alice", conversation, 2);
        (await TalkAsync("alice", conversation)).Unread.ShouldBe(1);

        await SendAsync(conversation, "alice", "4");
        await SendAsync(conversation, "bob", "5");
        var alices = await TalkAsync("alice", conversation);
        alices.ReadSeq.ShouldBe(4);
        alices.Unread.ShouldBe(1);
        (await TalkAsync("bob", conversation)).Unread.ShouldBe(0);
    }

    [Fact]
    public async Task A_talk_carries_its_latest_messages_oldest_first()
    {
        string conversation = await FriendsAsync("alice", "bob");
        for (int i = 1; i <= 5; i++)
        {
            await SendAsync(conversation, i % 2 == 0 ? "alice" : "bob", $"m{i}");
        }

        var talk = await TalkAsync("alice", conversation, latest: 3);
        talk.Latest.Select(m => m.Text).ShouldBe(["m3", "m4", "m5"]);
        talk.LastMessage.ShouldNotBeNull().Text.ShouldBe("m5");
        talk.LastSeq.ShouldBe(5);

        var withoutHistory = await TalkAsync("alice", conversation, latest: 0);
        withoutHistory.Latest.ShouldBeEmpty();
        withoutHistory.LastMessage.ShouldNotBeNull().Seq.ShouldBe(5);

        var listed = (await Store.ListTalksAsync("alice", "phone", 2)).ShouldHaveSingleItem();
        listed.Latest.Select(m => m.Seq).ShouldBe([4, 5]);
    }

    [Fact]
    public async Task A_device_without_a_delivery_cursor_starts_from_the_read_cursor()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 4);

        await Store.MarkReadAsync("alice", conversation, 3);

        var talk = await TalkAsync("alice", conversation, deviceId: "new-tablet");
        talk.ReadSeq.ShouldBe(3);
        talk.DeliveredSeq.ShouldBe(3);
    }

    [Fact]
    public async Task Delivery_cursors_belong_to_each_device()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 4);

        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 4)]);
        await Store.AdvanceDeliveredAsync("alice", "laptop", [new DeliveryCursor(conversation, 2)]);

        (await TalkAsync("alice", conversation, deviceId: "phone")).DeliveredSeq.ShouldBe(4);
        (await TalkAsync("alice", conversation, deviceId: "laptop")).DeliveredSeq.ShouldBe(2);
        var listed = (await Store.ListTalksAsync("alice", "laptop", 0)).ShouldHaveSingleItem();
        listed.DeliveredSeq.ShouldBe(2);
        listed.ReadSeq.ShouldBe(0);
    }
}
