namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task The_read_cursor_never_moves_back()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 5);

        (await Store.MarkReadAsync("alice", conversation, 4)).Unread.ShouldBe(1);
        (await Store.MarkReadAsync("alice", conversation, 2)).Unread.ShouldBe(1);

        (await TalkAsync("alice", conversation)).ReadSeq.ShouldBe(4);
    }

    [Fact]
    public async Task The_read_cursor_stops_at_the_last_message()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendAsync(conversation, "bob", "1");
        await SendAsync(conversation, "bob", "2");

        (await Store.MarkReadAsync("alice", conversation, 99)).Unread.ShouldBe(0);

        (await TalkAsync("alice", conversation)).ReadSeq.ShouldBe(2);
        await SendAsync(conversation, "bob", "3");
        (await TalkAsync("alice", conversation)).Unread.ShouldBe(1);
    }

    [Fact]
    public async Task A_delivery_cursor_never_moves_back_and_stops_at_the_last_message()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 3);

        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 2)]);
        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 1)]);
        (await TalkAsync("alice", conversation, deviceId: "phone")).DeliveredSeq.ShouldBe(2);

        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 50)]);
        (await TalkAsync("alice", conversation, deviceId: "phone")).DeliveredSeq.ShouldBe(3);
    }

    [Fact]
    public async Task A_new_device_reporting_less_than_the_read_cursor_keeps_the_read_cursor()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 3);

        await Store.MarkReadAsync("alice", conversation, 3);

        await Store.AdvanceDeliveredAsync("alice", "tablet", [new DeliveryCursor(conversation, 1)]);

        (await TalkAsync("alice", conversation, deviceId: "tablet")).DeliveredSeq.ShouldBe(3);
    }

    [Fact]
    public async Task A_device_s_read_elsewhere_does_not_move_its_own_delivery_cursor()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 4);

        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 1)]);
        await Store.MarkReadAsync("alice", conversation, 4);
        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 2)]);

        (await TalkAsync("alice", conversation, deviceId: "phone")).DeliveredSeq.ShouldBe(2);
    }

    [Fact]
    public async Task One_call_advances_cursors_in_several_conversations()
    {
        string withBob = await FriendsAsync("alice", "bob");
        await CreateUsersAsync("carol");
        await Store.AddFriendshipAsync("alice", "carol", NextTime());
        string withCarol = ConversationId.Direct("alice", "carol");
        await SendAsync(withBob, "bob", "b1");
        await SendAsync(withBob, "bob", "b2");
        await SendAsync(withCarol, "carol", "c1");

        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(withBob, 2), new DeliveryCursor(withCarol, 1)]);

        (await TalkAsync("alice", withBob)).DeliveredSeq.ShouldBe(2);
        (await TalkAsync("alice", withCarol)).DeliveredSeq.ShouldBe(1);
    }
}
