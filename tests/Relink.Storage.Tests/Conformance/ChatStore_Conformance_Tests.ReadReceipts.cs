namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task Marking_read_says_where_the_cursor_is_and_whether_it_moved()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 5);

        (await Store.MarkReadAsync("alice", conversation, 3)).ShouldBe(new ReadMark(ReadSeq: 3, Unread: 2, Moved: true));
        (await Store.MarkReadAsync("alice", conversation, 3)).ShouldBe(new ReadMark(3, 2, Moved: false));
        (await Store.MarkReadAsync("alice", conversation, 1)).ShouldBe(new ReadMark(3, 2, Moved: false));
        (await Store.MarkReadAsync("alice", conversation, 99)).ShouldBe(new ReadMark(5, 0, Moved: true));
    }

    [Fact]
    public async Task Read_receipts_are_on_until_turned_off_and_the_setting_survives_a_restart()
    {
        await CreateUsersAsync("alice", "bob");
        (await Store.GetReadReceiptsAsync("alice")).ShouldBeTrue();

        (await Store.SetReadReceiptsAsync("alice", enabled: false)).ShouldBeTrue();
        await RestartAsync();

        (await Store.GetReadReceiptsAsync("alice")).ShouldBeFalse();
        (await Store.GetReadReceiptsAsync("bob")).ShouldBeTrue("one user's setting is theirs alone");
        (await Store.SetReadReceiptsAsync("alice", enabled: true)).ShouldBeTrue();
        (await Store.GetReadReceiptsAsync("alice")).ShouldBeTrue();
    }

    [Fact]
    public async Task Setting_read_receipts_of_an_unknown_user_changes_nothing()
    {
        (await Store.SetReadReceiptsAsync("nobody", enabled: false)).ShouldBeFalse();
    }

    [Fact]
    public async Task Read_positions_give_each_participant_s_read_and_furthest_delivered_position()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 5);
        await Store.MarkReadAsync("alice", conversation, 2);
        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 3)]);
        await Store.AdvanceDeliveredAsync("alice", "laptop", [new DeliveryCursor(conversation, 4)]);

        var positions = await Store.ListReadPositionsAsync(conversation);

        positions.Select(p => (p.User.UserId, p.User.Nickname, p.ReadSeq, p.DeliveredSeq)).ShouldBe(
        [
            ("alice", "Alice", 2L, 4L), // the laptop got furthest
            ("bob", "Bob", 5L, 5L),     // a sender has read what they sent
        ]);
    }

    [Fact]
    public async Task A_read_position_never_shows_less_delivered_than_read()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "bob", 3);
        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 1)]);
        await Store.MarkReadAsync("alice", conversation, 3); // read on a device that never acked

        (await Store.ListReadPositionsAsync(conversation)).Single(p => p.User.UserId == "alice").DeliveredSeq.ShouldBe(3);
    }

    [Fact]
    public async Task Read_positions_leave_out_users_with_read_receipts_off()
    {
        await CreateUsersAsync("alice", "bob", "carol");
        var group = await Store.CreateGroupAsync("alice", "Book club", "", ["bob", "carol"], NextTime());
        string conversation = ConversationId.Group(group.GroupId);
        await SendManyAsync(conversation, "alice", 2);
        await Store.MarkReadAsync("bob", conversation, 2);
        await Store.MarkReadAsync("carol", conversation, 1);

        await Store.SetReadReceiptsAsync("carol", enabled: false);

        (await Store.ListReadPositionsAsync(conversation)).Select(p => (p.User.UserId, p.ReadSeq)).ShouldBe([("alice", 2L), ("bob", 2L)]);
    }

    [Fact]
    public async Task A_member_who_left_has_no_read_position()
    {
        await CreateUsersAsync("alice", "bob");
        var group = await Store.CreateGroupAsync("alice", "Book club", "", ["bob"], NextTime());
        string conversation = ConversationId.Group(group.GroupId);
        await SendAsync(conversation, "alice", "hi");
        await Store.MarkReadAsync("bob", conversation, 1);

        await Store.RemoveGroupMemberAsync(group.GroupId, "bob", NextTime());

        (await Store.ListReadPositionsAsync(conversation)).Select(p => p.User.UserId).ShouldBe(["alice"]);
        (await Store.ListReadPositionsAsync("g:999")).ShouldBeEmpty();
    }
}
