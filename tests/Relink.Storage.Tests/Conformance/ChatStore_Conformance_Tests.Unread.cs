namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task Group_system_messages_do_not_count_as_unread_in_the_talk_list_or_after_marking_read()
    {
        await CreateUsersAsync("owner", "bob", "carol", "dave");
        var group = await Store.CreateGroupAsync(new NewGroup("owner", "G", "", ["bob"], NextTime(), History: GroupHistory.Whole));
        string conversation = ConversationId.Group(group.GroupId);
        await SendAsync(conversation, "owner", "hello");
        await Store.MarkReadAsync("bob", conversation, 1);

        // Joined, renamed, role changed, left, removed: a line each in the conversation, none of them news.
        await Store.AddGroupMemberAsync(group.GroupId, "carol", "owner", NextTime());
        await Store.AddGroupMemberAsync(group.GroupId, "dave", "owner", NextTime());
        await Store.UpdateGroupAsync(group.GroupId, new GroupSettingsChange(Name: "Renamed"), "owner", NextTime());
        await Store.SetGroupRoleAsync(group.GroupId, "carol", GroupRole.Admin, "owner", NextTime());
        await Store.RemoveGroupMemberAsync(group.GroupId, "carol", "carol", NextTime());
        await Store.RemoveGroupMemberAsync(group.GroupId, "dave", "owner", NextTime());
        await SendAsync(conversation, "owner", "news");

        var talk = await TalkAsync("bob", conversation);
        talk.LastSeq.ShouldBeGreaterThan(talk.ReadSeq + 1, "the system messages are in the sequence");
        talk.Unread.ShouldBe(1, "only the owner's message is news");
        talk.LastMessage!.Text.ShouldBe("news");

        (await Store.MarkReadAsync("bob", conversation, talk.LastSeq - 1)).Unread.ShouldBe(1);
        await SendAsync(conversation, "owner", "more");
        (await Store.MarkReadAsync("bob", conversation, 2)).Unread.ShouldBe(2, "marking read counts the same way as the talk list");
        (await Store.MarkReadAsync("bob", conversation, long.MaxValue)).Unread.ShouldBe(0);
    }

    [Fact]
    public async Task A_member_added_to_a_group_has_nothing_unread_until_someone_writes()
    {
        await CreateUsersAsync("owner", "bob");
        var group = await Store.CreateGroupAsync("owner", "G", "", [], NextTime());
        string conversation = ConversationId.Group(group.GroupId);

        await Store.AddGroupMemberAsync(group.GroupId, "bob", "owner", NextTime());

        (await TalkAsync("bob", conversation)).Unread.ShouldBe(0);
        await SendAsync(conversation, "owner", "welcome");
        (await TalkAsync("bob", conversation)).Unread.ShouldBe(1);
    }

    [Fact]
    public async Task Edits_and_recalls_of_messages_already_read_are_not_news()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var typo = await SendAsync(conversation, "alice", "helo");
        var oops = await SendAsync(conversation, "alice", "wrong chat");
        await Store.MarkReadAsync("bob", conversation, oops.Seq);

        await ChangeAsync(conversation, "alice", typo.Seq, MessageKind.Edit, "hello");
        await ChangeAsync(conversation, "alice", oops.Seq, MessageKind.Recall);

        (await TalkAsync("bob", conversation)).Unread.ShouldBe(0);
        await SendAsync(conversation, "alice", "again");
        (await TalkAsync("bob", conversation)).Unread.ShouldBe(1);
    }

    [Fact]
    public async Task Blockers_among_a_page_of_users_are_found_in_one_call_one_direction_only()
    {
        await CreateUsersAsync("alice", "bob", "carol", "dave");
        await Store.BlockUserAsync("bob", "alice", NextTime());
        await Store.BlockUserAsync("dave", "alice", NextTime());
        await Store.BlockUserAsync("alice", "carol", NextTime());

        (await Store.BlockersAmongAsync("alice", ["bob", "carol", "dave", "nobody"])).OrderBy(u => u, StringComparer.Ordinal).ShouldBe(["bob", "dave"]);
        (await Store.BlockersAmongAsync("alice", [])).ShouldBeEmpty();
        (await Store.BlockersAmongAsync("carol", ["alice", "bob"])).ShouldBe(["alice"]);

        await Store.UnblockUserAsync("dave", "alice");
        (await Store.BlockersAmongAsync("alice", ["bob", "dave"])).ShouldBe(["bob"]);
    }
}
