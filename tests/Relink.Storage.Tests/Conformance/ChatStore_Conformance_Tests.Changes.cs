namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    /// <summary>An edit or recall by <paramref name="senderId"/> whose window opened at <paramref name="notBefore"/> (by default: any time).</summary>
    private Task<ChangeResult> ChangeAsync(string conversationId, string senderId, long seq, MessageKind kind, string text = "", DateTimeOffset? notBefore = null, string? key = null) =>
        Store.ChangeMessageAsync(new MessageChange(conversationId, seq, senderId, key ?? Guid.NewGuid().ToString("N"), kind, text, NextTime(), notBefore ?? DateTimeOffset.MinValue));

    [Fact]
    public async Task An_edit_is_an_event_with_the_next_seq_and_history_shows_the_current_text_marked_edited()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var original = await SendAsync(conversation, "alice", "helo");
        await SendAsync(conversation, "bob", "hi");

        var edit = await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Edit, "hello");

        edit.Status.ShouldBe(ChangeStatus.Applied);
        edit.Duplicate.ShouldBeFalse();
        edit.Event!.Seq.ShouldBe(3);
        edit.Event.Kind.ShouldBe(MessageKind.Edit);
        edit.Event.TargetSeq.ShouldBe(original.Seq);
        edit.Event.Text.ShouldBe("hello");
        var page = await Store.GetMessagesAsync(conversation, null, 0, 10);
        page.LastSeq.ShouldBe(3);
        page.Messages.Select(m => m.Seq).ShouldBe([1L, 2L, 3L], "the event travels in the log like a message");
        page.Messages[0].Text.ShouldBe("hello");
        page.Messages[0].EditedAt.ShouldBe(edit.Event.SentAt);
        page.Messages[1].EditedAt.ShouldBeNull();
        (await Store.ListTalksBehindAsync("bob", "phone", 10)).Single().LastSeq.ShouldBe(3, "a device behind is told about the event");
    }

    [Fact]
    public async Task A_recall_empties_the_text_in_the_store_including_earlier_edits_and_leaves_a_placeholder()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var original = await SendAsync(conversation, "alice", "secret one");
        await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Edit, "secret two");

        var recall = await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Recall);

        recall.Status.ShouldBe(ChangeStatus.Applied);
        recall.Event!.Seq.ShouldBe(3);
        recall.Event.Kind.ShouldBe(MessageKind.Recall);
        recall.Event.TargetSeq.ShouldBe(1);
        await RestartAsync();
        var messages = (await Store.GetMessagesAsync(conversation, 0, 0, 10)).Messages;
        messages[0].Recalled.ShouldBeTrue();
        messages.ShouldAllBe(m => m.Text == "", "no version of the recalled text stays in the store");
        messages.Select(m => m.Kind).ShouldBe([MessageKind.Text, MessageKind.Edit, MessageKind.Recall]);
    }

    [Fact]
    public async Task Only_the_sender_may_change_a_message_and_only_while_its_window_is_open()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var original = await SendAsync(conversation, "alice", "hi");

        (await ChangeAsync(conversation, "bob", original.Seq, MessageKind.Edit, "mine now")).Status.ShouldBe(ChangeStatus.NotSender);
        (await ChangeAsync(conversation, "bob", original.Seq, MessageKind.Recall)).Status.ShouldBe(ChangeStatus.NotSender);
        (await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Edit, "late", notBefore: original.SentAt.AddMilliseconds(1)))
            .Status.ShouldBe(ChangeStatus.WindowClosed);
        (await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Recall, notBefore: original.SentAt.AddMilliseconds(1)))
            .Status.ShouldBe(ChangeStatus.WindowClosed);
        (await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Edit, "on time", notBefore: original.SentAt))
            .Status.ShouldBe(ChangeStatus.Applied, "the window includes its first instant");
        (await ChangeAsync(conversation, "alice", 99, MessageKind.Edit, "nothing there")).Status.ShouldBe(ChangeStatus.NotFound);
        (await ChangeAsync(conversation, "alice", 2, MessageKind.Edit, "an event")).Status.ShouldBe(ChangeStatus.NotFound, "events are not messages");

        var page = await Store.GetMessagesAsync(conversation, null, 0, 10);
        page.LastSeq.ShouldBe(2, "refused changes take no sequence number");
        page.Messages[0].Text.ShouldBe("on time");
    }

    [Fact]
    public async Task A_recalled_message_cannot_be_edited_and_emoji_cannot_be_edited()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var text = await SendAsync(conversation, "alice", "oops");
        var emoji = (await Store.AppendMessageAsync(new NewMessage(conversation, "alice", "e-1", MessageKind.Emoji, "f_22", NextTime()))).Message;
        await ChangeAsync(conversation, "alice", text.Seq, MessageKind.Recall);

        (await ChangeAsync(conversation, "alice", text.Seq, MessageKind.Edit, "back")).Status.ShouldBe(ChangeStatus.Recalled);
        (await ChangeAsync(conversation, "alice", emoji.Seq, MessageKind.Edit, "text")).Status.ShouldBe(ChangeStatus.NotText);
        (await ChangeAsync(conversation, "alice", emoji.Seq, MessageKind.Recall)).Status.ShouldBe(ChangeStatus.Applied, "an emoji can be recalled");
    }

    [Fact]
    public async Task A_retried_change_is_applied_once_and_returns_the_original_event()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var original = await SendAsync(conversation, "alice", "hi");
        var edit = await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Edit, "hey", key: "edit-1");
        var recall = await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Recall);

        var editAgain = await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Edit, "hey", key: "edit-1");
        var recallAgain = await ChangeAsync(conversation, "alice", original.Seq, MessageKind.Recall);

        editAgain.ShouldBe(new ChangeResult(ChangeStatus.Applied, edit.Event! with { Text = "" }, Duplicate: true), "the edit's text went with the recall");
        recallAgain.ShouldBe(recall with { Duplicate = true });
        (await Store.GetMessagesAsync(conversation, null, 0, 10)).LastSeq.ShouldBe(3);
    }

    [Fact]
    public async Task An_ordinary_append_cannot_forge_an_edit_or_recall()
    {
        string conversation = await FriendsAsync("alice", "bob");

        await Should.ThrowAsync<ArgumentException>(() => Store.AppendMessageAsync(
            new NewMessage(conversation, "alice", "k", MessageKind.Edit, "x", NextTime())));
    }
}
