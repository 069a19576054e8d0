namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task Created_group_holds_the_owner_and_each_member_once()
    {
        await CreateUsersAsync("owner", "bob", "carol");
        var createdAt = NextTime();

        var group = await Store.CreateGroupAsync("owner", "Hikers", "head-g", ["bob", "carol", "bob", "owner"], createdAt);

        group.Name.ShouldBe("Hikers");
        group.Head.ShouldBe("head-g");
        group.OwnerId.ShouldBe("owner");
        group.MemberCount.ShouldBe(3);
        group.CreatedAt.ShouldBe(createdAt);
        (await Store.FindGroupAsync(group.GroupId)).ShouldBe(group);
        (await Store.ListGroupMembersAsync(group.GroupId)).Select(u => u.UserId).ShouldBe(["bob", "carol", "owner"]);
        foreach (string member in new[] { "owner", "bob", "carol" })
        {
            (await Store.IsGroupMemberAsync(group.GroupId, member)).ShouldBeTrue(member);
        }
    }

    [Fact]
    public async Task Group_ids_are_short_distinct_numbers()
    {
        await CreateUsersAsync("owner");

        var first = await Store.CreateGroupAsync("owner", "One", "", [], NextTime());
        var second = await Store.CreateGroupAsync("owner", "Two", "", [], NextTime());

        first.GroupId.ShouldNotBe(second.GroupId);
        foreach (var id in new[] { first.GroupId, second.GroupId })
        {
            id.Length.ShouldBeInRange(1, 12);
            id.ShouldAllBe(c => char.IsAsciiDigit(c));
        }
    }

    [Fact]
    public async Task Unknown_group_is_not_found()
    {
        (await Store.FindGroupAsync("424242")).ShouldBeNull();
        (await Store.FindGroupAsync("not-a-number")).ShouldBeNull();
        (await Store.IsGroupMemberAsync("424242", "alice")).ShouldBeFalse();
    }

    [Fact]
    public async Task Joining_twice_adds_the_member_once()
    {
        await CreateUsersAsync("owner", "bob");
        var group = await Store.CreateGroupAsync("owner", "G", "", [], NextTime());

        (await Store.AddGroupMemberAsync(group.GroupId, "bob", NextTime())).ShouldBeTrue();
        (await Store.AddGroupMemberAsync(group.GroupId, "bob", NextTime())).ShouldBeFalse();

        (await Store.IsGroupMemberAsync(group.GroupId, "bob")).ShouldBeTrue();
        (await Store.FindGroupAsync(group.GroupId)).ShouldNotBeNull().MemberCount.ShouldBe(2);
    }

    [Fact]
    public async Task A_late_joiner_starts_with_read_and_delivery_cursors_at_their_own_join_message()
    {
        await CreateUsersAsync("owner", "late");
        var group = await Store.CreateGroupAsync("owner", "G", "", [], NextTime());
        string conversation = ConversationId.Group(group.GroupId);
        await SendManyAsync(conversation, "owner", 3);

        await Store.AddGroupMemberAsync(group.GroupId, "late", NextTime());

        // Seq 4 is the join message, sent by the joiner: their own, so read and delivered like a message they sent.
        var talk = await TalkAsync("late", conversation, deviceId: "laptop");
        talk.LastSeq.ShouldBe(4);
        talk.ReadSeq.ShouldBe(4);
        talk.DeliveredSeq.ShouldBe(4);
        talk.Unread.ShouldBe(0);

        await SendAsync(conversation, "owner", "after");
        (await TalkAsync("late", conversation)).Unread.ShouldBe(1);
    }

    [Fact]
    public async Task A_member_who_leaves_is_no_longer_a_member_and_the_history_stays()
    {
        await CreateUsersAsync("owner", "bob");
        var group = await Store.CreateGroupAsync("owner", "G", "", ["bob"], NextTime());
        string conversation = ConversationId.Group(group.GroupId);
        await SendAsync(conversation, "bob", "bye all");

        (await Store.RemoveGroupMemberAsync(group.GroupId, "bob", NextTime())).ShouldBeTrue();
        (await Store.RemoveGroupMemberAsync(group.GroupId, "bob", NextTime())).ShouldBeFalse();

        (await Store.IsGroupMemberAsync(group.GroupId, "bob")).ShouldBeFalse();
        (await Store.ListGroupsOfUserAsync("bob")).ShouldBeEmpty();
        (await Store.GetTalkAsync("bob", "phone", conversation, 10)).ShouldBeNull();
        (await TalkListAsync("bob")).ShouldBeEmpty();
        (await Store.GetMessagesAsync(conversation, null, 0, 10)).Messages.Select(m => (m.Kind, m.Text))
            .ShouldBe([(MessageKind.Text, "bye all"), (MessageKind.MemberLeft, "bob Bob")]);
        (await Store.FindGroupAsync(group.GroupId)).ShouldNotBeNull().MemberCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_user_s_groups_are_listed_by_name()
    {
        await CreateUsersAsync("owner", "bob");
        await Store.CreateGroupAsync("owner", "Zebras", "", ["bob"], NextTime());
        await Store.CreateGroupAsync("owner", "Ants", "", ["bob"], NextTime());
        await Store.CreateGroupAsync("owner", "Without bob", "", [], NextTime());

        (await Store.ListGroupsOfUserAsync("bob")).Select(g => g.Name).ShouldBe(["Ants", "Zebras"]);
        (await Store.ListGroupsOfUserAsync("owner")).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_group_message_is_unread_for_every_other_member()
    {
        await CreateUsersAsync("owner", "bob", "carol");
        var group = await Store.CreateGroupAsync("owner", "G", "g-head", ["bob", "carol"], NextTime());
        string conversation = ConversationId.Group(group.GroupId);

        await SendAsync(conversation, "bob", "hello group");

        (await TalkAsync("owner", conversation)).Unread.ShouldBe(1);
        (await TalkAsync("carol", conversation)).Unread.ShouldBe(1);
        (await TalkAsync("bob", conversation)).Unread.ShouldBe(0);
        var talk = await TalkAsync("carol", conversation);
        talk.Kind.ShouldBe(ConversationKind.Group);
        talk.PeerId.ShouldBe(group.GroupId);
        talk.Name.ShouldBe("G");
        talk.Head.ShouldBe("g-head");
    }
}
