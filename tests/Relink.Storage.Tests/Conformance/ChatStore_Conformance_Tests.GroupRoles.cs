namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task The_creator_owns_the_group_and_its_settings_are_kept()
    {
        await CreateUsersAsync("owner", "bob");

        var group = await Store.CreateGroupAsync(new NewGroup("owner", "Open", "", ["bob"], NextTime(), IsPublic: true, History: GroupHistory.Whole));

        group.IsPublic.ShouldBeTrue();
        group.History.ShouldBe(GroupHistory.Whole);
        (await Store.FindGroupAsync(group.GroupId)).ShouldBe(group);
        (await Store.ListGroupMemberRolesAsync(group.GroupId)).Select(m => (m.User.UserId, m.Role)).ShouldBe([("bob", GroupRole.Member), ("owner", GroupRole.Owner)]);
        var plain = await Store.CreateGroupAsync("owner", "Plain", "", [], NextTime());
        plain.IsPublic.ShouldBeFalse();
        plain.History.ShouldBe(GroupHistory.FromJoin);
    }

    [Fact]
    public async Task An_added_member_gets_a_joined_message_and_reads_from_it_on()
    {
        await CreateUsersAsync("owner", "bob");
        var group = await Store.CreateGroupAsync("owner", "G", "", [], NextTime());
        string conversation = ConversationId.Group(group.GroupId);
        await SendManyAsync(conversation, "owner", 2);

        var result = (await Store.AddGroupMemberAsync(group.GroupId, "bob", "owner", NextTime())).ShouldNotBeNull();

        var joined = result.Events.ShouldHaveSingleItem();
        (joined.Kind, joined.SenderId, joined.Text, joined.Seq).ShouldBe((MessageKind.MemberJoined, "owner", "bob Bob", 3L));
        result.Group.MemberCount.ShouldBe(2);
        (await Store.FindGroupMemberAsync(group.GroupId, "bob")).ShouldNotBeNull().JoinedSeq.ShouldBe(3);
        var talk = await TalkAsync("bob", conversation);
        talk.Unread.ShouldBe(0, "a join message is a line of the conversation, not news (no service message counts as unread)");
        talk.Latest.Select(m => m.Seq).ShouldBe([3L], "history before the join stays hidden");
        (await Store.AddGroupMemberAsync(group.GroupId, "bob", "owner", NextTime())).ShouldNotBeNull().Changed.ShouldBeFalse();
        (await Store.AddGroupMemberAsync("424242", "bob", "owner", NextTime())).ShouldBeNull();
    }

    [Fact]
    public async Task A_group_showing_its_whole_history_shows_a_new_member_everything()
    {
        await CreateUsersAsync("owner", "bob");
        var group = await Store.CreateGroupAsync(new NewGroup("owner", "G", "", [], NextTime(), History: GroupHistory.Whole));
        string conversation = ConversationId.Group(group.GroupId);
        await SendManyAsync(conversation, "owner", 2);

        await Store.AddGroupMemberAsync(group.GroupId, "bob", "bob", NextTime());

        (await TalkAsync("bob", conversation)).Latest.Select(m => m.Seq).ShouldBe([1L, 2L, 3L]);
        (await Store.UpdateGroupAsync(group.GroupId, new GroupSettingsChange(History: GroupHistory.FromJoin), "owner", NextTime())).ShouldNotBeNull().SettingsChanged.ShouldBeTrue();
        (await TalkAsync("bob", conversation)).Latest.Select(m => m.Seq).ShouldBe([3L]);
    }

    [Fact]
    public async Task Removing_a_member_tells_the_group_before_they_go()
    {
        await CreateUsersAsync("owner", "bob", "carol");
        var group = await Store.CreateGroupAsync("owner", "G", "", ["bob", "carol"], NextTime());

        var removed = (await Store.RemoveGroupMemberAsync(group.GroupId, "bob", "owner", NextTime())).ShouldNotBeNull();
        var left = (await Store.RemoveGroupMemberAsync(group.GroupId, "carol", "carol", NextTime())).ShouldNotBeNull();

        removed.Events.Select(e => (e.Kind, e.SenderId, e.Text)).ShouldBe([(MessageKind.MemberRemoved, "owner", "bob Bob")]);
        left.Events.Select(e => (e.Kind, e.SenderId, e.Text)).ShouldBe([(MessageKind.MemberLeft, "carol", "carol Carol")]);
        left.Group.MemberCount.ShouldBe(1);
        (await Store.RemoveGroupMemberAsync(group.GroupId, "bob", "owner", NextTime())).ShouldNotBeNull().Changed.ShouldBeFalse();
        (await Store.GetMessagesAsync(ConversationId.Group(group.GroupId), null, 0, 10)).Messages.Select(m => m.Seq).ShouldBe([1L, 2L]);
    }

    [Fact]
    public async Task An_owner_who_leaves_hands_the_group_to_the_first_admin_then_the_first_member_and_the_last_closes_it()
    {
        await CreateUsersAsync("owner", "bob", "carol", "dave");
        var group = await Store.CreateGroupAsync("owner", "G", "", [], NextTime());
        foreach (string member in new[] { "bob", "carol", "dave" })
        {
            await Store.AddGroupMemberAsync(group.GroupId, member, member, NextTime());
        }

        await Store.SetGroupRoleAsync(group.GroupId, "carol", GroupRole.Admin, "owner", NextTime());

        var first = (await Store.RemoveGroupMemberAsync(group.GroupId, "owner", "owner", NextTime())).ShouldNotBeNull();
        first.Group.OwnerId.ShouldBe("carol");
        first.Events.Select(e => (e.Kind, e.Text)).ShouldBe([(MessageKind.MemberLeft, "owner Owner"), (MessageKind.RoleChanged, "owner carol Carol")]);
        (await Store.RemoveGroupMemberAsync(group.GroupId, "carol", "carol", NextTime())).ShouldNotBeNull().Group.OwnerId.ShouldBe("bob");
        (await Store.RemoveGroupMemberAsync(group.GroupId, "dave", "dave", NextTime())).ShouldNotBeNull().Group.OwnerId.ShouldBe("bob");
        var last = (await Store.RemoveGroupMemberAsync(group.GroupId, "bob", "bob", NextTime())).ShouldNotBeNull();
        last.Group.MemberCount.ShouldBe(0);
        last.Events.ShouldHaveSingleItem().Kind.ShouldBe(MessageKind.MemberLeft);
    }

    [Fact]
    public async Task Handing_ownership_on_makes_the_former_owner_an_admin()
    {
        await CreateUsersAsync("owner", "bob");
        var group = await Store.CreateGroupAsync("owner", "G", "", ["bob"], NextTime());

        var result = (await Store.SetGroupRoleAsync(group.GroupId, "bob", GroupRole.Owner, "owner", NextTime())).ShouldNotBeNull();

        result.Group.OwnerId.ShouldBe("bob");
        result.Events.Select(e => (e.Kind, e.SenderId, e.Text)).ShouldBe([(MessageKind.RoleChanged, "owner", "owner bob Bob"), (MessageKind.RoleChanged, "owner", "admin owner Owner")]);
        (await Store.FindGroupMemberAsync(group.GroupId, "owner")).ShouldNotBeNull().Role.ShouldBe(GroupRole.Admin);
        (await Store.SetGroupRoleAsync(group.GroupId, "bob", GroupRole.Member, "owner", NextTime())).ShouldNotBeNull().Changed.ShouldBeFalse("the owner's role changes only by handing ownership on");
        (await Store.SetGroupRoleAsync(group.GroupId, "owner", GroupRole.Admin, "bob", NextTime())).ShouldNotBeNull().Changed.ShouldBeFalse("already an admin");
        (await Store.SetGroupRoleAsync(group.GroupId, "stranger", GroupRole.Admin, "bob", NextTime())).ShouldNotBeNull().Changed.ShouldBeFalse();
    }

    [Fact]
    public async Task Renaming_is_a_message_and_other_settings_are_not()
    {
        await CreateUsersAsync("owner");
        var group = await Store.CreateGroupAsync("owner", "Old", "", [], NextTime());

        var renamed = (await Store.UpdateGroupAsync(group.GroupId, new GroupSettingsChange(Name: "New"), "owner", NextTime())).ShouldNotBeNull();
        var opened = (await Store.UpdateGroupAsync(group.GroupId, new GroupSettingsChange(IsPublic: true), "owner", NextTime())).ShouldNotBeNull();
        var same = (await Store.UpdateGroupAsync(group.GroupId, new GroupSettingsChange(Name: "New", IsPublic: true), "owner", NextTime())).ShouldNotBeNull();

        renamed.Events.Select(e => (e.Kind, e.Text)).ShouldBe([(MessageKind.GroupRenamed, "New")]);
        renamed.Group.Name.ShouldBe("New");
        opened.Events.ShouldBeEmpty();
        opened.SettingsChanged.ShouldBeTrue();
        opened.Group.IsPublic.ShouldBeTrue();
        same.Changed.ShouldBeFalse();
        (await Store.UpdateGroupAsync("424242", new GroupSettingsChange(Name: "X"), "owner", NextTime())).ShouldBeNull();
    }

    [Fact]
    public async Task An_invite_code_lets_people_in_until_it_is_used_up_expired_or_revoked()
    {
        await CreateUsersAsync("owner", "bob", "carol", "dave");
        var group = await Store.CreateGroupAsync("owner", "G", "", [], NextTime());
        var now = NextTime();
        (await Store.CreateGroupInviteAsync(new GroupInviteRecord(group.GroupId, "once", "owner", now, null, MaxUses: 1))).ShouldBeTrue();
        (await Store.CreateGroupInviteAsync(new GroupInviteRecord(group.GroupId, "once", "owner", now, null, null))).ShouldBeFalse("codes are unique");
        (await Store.CreateGroupInviteAsync(new GroupInviteRecord(group.GroupId, "brief", "owner", now, now.AddMinutes(5), null))).ShouldBeTrue();
        (await Store.CreateGroupInviteAsync(new GroupInviteRecord(group.GroupId, "open", "owner", now, null, null))).ShouldBeTrue();

        (await Store.JoinGroupWithInviteAsync(group.GroupId, "once", "bob", now)).ShouldNotBeNull().Events.ShouldHaveSingleItem().Kind.ShouldBe(MessageKind.MemberJoined);
        (await Store.JoinGroupWithInviteAsync(group.GroupId, "open", "bob", now)).ShouldNotBeNull().Changed.ShouldBeFalse("a member stays one and spends nothing");
        (await Store.JoinGroupWithInviteAsync(group.GroupId, "once", "carol", now)).ShouldBeNull("used up");
        (await Store.JoinGroupWithInviteAsync(group.GroupId, "brief", "carol", now.AddMinutes(5))).ShouldBeNull("expired");
        (await Store.JoinGroupWithInviteAsync(group.GroupId, "nope", "carol", now)).ShouldBeNull("unknown");
        (await Store.ListGroupInvitesAsync(group.GroupId)).Select(i => (i.Code, i.Uses)).OrderBy(i => i.Code).ShouldBe([("brief", 0), ("once", 1), ("open", 0)]);

        (await Store.RevokeGroupInviteAsync(group.GroupId, "open")).ShouldBeTrue();
        (await Store.RevokeGroupInviteAsync(group.GroupId, "open")).ShouldBeFalse();
        (await Store.JoinGroupWithInviteAsync(group.GroupId, "open", "dave", now)).ShouldBeNull("revoked");
        (await Store.IsGroupMemberAsync(group.GroupId, "carol")).ShouldBeFalse();
        (await Store.IsGroupMemberAsync(group.GroupId, "dave")).ShouldBeFalse();
    }

    [Fact]
    public async Task An_invite_code_works_only_for_its_own_group()
    {
        await CreateUsersAsync("owner", "bob");
        var mine = await Store.CreateGroupAsync("owner", "Mine", "", [], NextTime());
        var other = await Store.CreateGroupAsync("owner", "Other", "", [], NextTime());
        await Store.CreateGroupInviteAsync(new GroupInviteRecord(mine.GroupId, "code", "owner", NextTime(), null, null));

        (await Store.JoinGroupWithInviteAsync(other.GroupId, "code", "bob", NextTime())).ShouldBeNull();
        (await Store.RevokeGroupInviteAsync(other.GroupId, "code")).ShouldBeFalse();
        (await Store.ListGroupInvitesAsync(other.GroupId)).ShouldBeEmpty();
    }
}
