namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task Talks_behind_a_device_are_those_with_messages_past_its_delivery_cursor_newest_first()
    {
        string withBob = await FriendsAsync("alice", "bob");
        await CreateUsersAsync("carol");
        (await Store.AddFriendshipAsync("alice", "carol", NextTime())).ShouldBeTrue();
        string withCarol = ConversationId.Direct("alice", "carol");
        var group = await Store.CreateGroupAsync("bob", "Hikers", "", ["alice"], NextTime());
        string inGroup = ConversationId.Group(group.GroupId);
        await SendManyAsync(withBob, "bob", 3);
        await SendManyAsync(inGroup, "bob", 2);
        await SendManyAsync(withCarol, "carol", 1);

        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(withBob, 1), new DeliveryCursor(withCarol, 1)]);

        var behind = await Store.ListTalksBehindAsync("alice", "phone", 10);
        behind.ShouldBe(
        [
            new TalkBehind(inGroup, ConversationKind.Group, group.GroupId, 2, 0),
            new TalkBehind(withBob, ConversationKind.Direct, "bob", 3, 1),
        ]);

        // Another device has cursors of its own; the limit keeps the newest.
        (await Store.ListTalksBehindAsync("alice", "laptop", 1)).ShouldHaveSingleItem().ConversationId.ShouldBe(withCarol);

        // The sender's own messages move only its read cursor, which a device without a cursor starts from.
        (await Store.ListTalksBehindAsync("bob", "phone", 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deleted_talk_is_not_behind_until_a_newer_message_brings_it_back()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendAsync(conversation, "bob", "before");
        (await Store.DeleteTalkAsync("alice", conversation)).ShouldBeTrue();

        (await Store.ListTalksBehindAsync("alice", "phone", 10)).ShouldBeEmpty();

        await SendAsync(conversation, "bob", "after");
        (await Store.ListTalksBehindAsync("alice", "phone", 10)).ShouldHaveSingleItem().LastSeq.ShouldBe(2);
    }

    [Fact]
    public async Task A_send_leaves_the_sending_device_s_cursor_where_it_was_not_past_messages_it_has_not_received()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 2);

        // Alice's phone sends before bob's two messages reached it (they may still be on their way).
        await Store.AppendMessageAsync(NewMessage(conversation, "alice", "hi") with { SenderDeviceId = "phone" });

        (await TalkAsync("alice", conversation, deviceId: "phone")).DeliveredSeq.ShouldBe(0);
        (await Store.ListTalksBehindAsync("alice", "phone", 10)).ShouldHaveSingleItem().DeliveredSeq.ShouldBe(0);

        // A device that sent nothing still counts from the read cursor, which the send moved.
        (await TalkAsync("alice", conversation, deviceId: "laptop")).DeliveredSeq.ShouldBe(3);
    }
}
