namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task Appends_get_sequence_numbers_one_two_three_and_keep_what_was_sent()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var sentAt = NextTime();

        var first = await Store.AppendMessageAsync(new NewMessage(conversation, "alice", "c-1", MessageKind.Emoji, "f_22", sentAt));
        var second = await SendAsync(conversation, "bob", "two");
        var third = await SendAsync(conversation, "alice", "three");

        first.Duplicate.ShouldBeFalse();
        first.Message.ShouldBe(new StoredMessage(first.Message.Id, conversation, 1, "alice", "Alice", "head-alice", MessageKind.Emoji, "f_22", sentAt, "c-1"));
        second.Seq.ShouldBe(2);
        third.Seq.ShouldBe(3);
        new[] { first.Message.Id, second.Id, third.Id }.Distinct().Count().ShouldBe(3);
        (await Store.GetMessagesAsync(conversation, null, 0, 10)).Messages.ShouldBe([first.Message, second, third]);
    }

    [Fact]
    public async Task Concurrent_appends_get_gapless_sequences_in_every_conversation()
    {
        const int Senders = 60;
        const int MessagesEach = 5;
        await CreateUsersAsync("hub");
        var conversations = new List<(string Id, string[] Members)>();
        for (int c = 0; c < 4; c++)
        {
            await CreateUsersAsync($"peer{c}");
            await Store.AddFriendshipAsync("hub", $"peer{c}", NextTime());
            conversations.Add((ConversationId.Direct("hub", $"peer{c}"), ["hub", $"peer{c}"]));
        }

        string[] everyone = ["hub", "peer0", "peer1", "peer2", "peer3"];
        var group = await Store.CreateGroupAsync("hub", "All", "", everyone, NextTime());
        conversations.Add((ConversationId.Group(group.GroupId), everyone));

        // Each sender awaits its own appends in turn (as a session does) while all senders race each other.
        var senders = Enumerable.Range(0, Senders).Select(async s =>
        {
            var (conversation, members) = conversations[s % conversations.Count];
            string sender = members[s / conversations.Count % members.Length];
            var seqs = new List<long>();
            for (int i = 0; i < MessagesEach; i++)
            {
                var result = await Store.AppendMessageAsync(NewMessage(conversation, sender, $"{s}/{i}"));
                seqs.Add(result.Message.Seq);
            }

            return (conversation, seqs);
        }).ToList();
        var results = await Task.WhenAll(senders);

        foreach (var (_, seqs) in results)
        {
            seqs.ShouldBeInOrder(SortDirection.Ascending, "one sender's messages keep their order");
        }

        foreach (var (conversation, _) in conversations)
        {
            var expected = results.Where(r => r.conversation == conversation).Sum(r => r.seqs.Count);
            var page = await Store.GetMessagesAsync(conversation, null, 0, 1000);
            page.Messages.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, expected).Select(i => (long)i), $"{conversation} has no gaps");
            page.LastSeq.ShouldBe(expected);
            results.Where(r => r.conversation == conversation).SelectMany(r => r.seqs).Order().ShouldBe(page.Messages.Select(m => m.Seq));
        }
    }

    [Fact]
    public async Task A_retried_append_returns_the_original_marked_duplicate()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var original = await SendAsync(conversation, "alice", "hello", clientMsgId: "retry-me");

        var retry = await Store.AppendMessageAsync(NewMessage(conversation, "alice", "hello again", clientMsgId: "retry-me"));

        retry.Duplicate.ShouldBeTrue();
        retry.Message.ShouldBe(original);
        var page = await Store.GetMessagesAsync(conversation, null, 0, 10);
        page.Messages.ShouldBe([original]);
        page.LastSeq.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_appends_with_one_key_store_one_message()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var message = NewMessage(conversation, "alice", "once", clientMsgId: "same-key");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Store.AppendMessageAsync(message)));

        results.Count(r => !r.Duplicate).ShouldBe(1);
        results.Select(r => r.Message).Distinct().ShouldHaveSingleItem().Seq.ShouldBe(1);
        (await Store.GetMessagesAsync(conversation, null, 0, 10)).LastSeq.ShouldBe(1);
    }

    [Fact]
    public async Task A_retry_after_a_restart_still_returns_the_original()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var original = await SendAsync(conversation, "alice", "before restart", clientMsgId: "k1");

        await RestartAsync();
        var retry = await Store.AppendMessageAsync(NewMessage(conversation, "alice", "before restart", clientMsgId: "k1"));

        retry.Duplicate.ShouldBeTrue();
        retry.Message.ShouldBe(original);
        (await SendAsync(conversation, "bob", "after restart")).Seq.ShouldBe(2);
    }

    [Fact]
    public async Task The_idempotency_key_belongs_to_its_sender()
    {
        string conversation = await FriendsAsync("alice", "bob");

        var fromAlice = await Store.AppendMessageAsync(NewMessage(conversation, "alice", "a", clientMsgId: "1"));
        var fromBob = await Store.AppendMessageAsync(NewMessage(conversation, "bob", "b", clientMsgId: "1"));

        fromAlice.Duplicate.ShouldBeFalse();
        fromBob.Duplicate.ShouldBeFalse();
        fromBob.Message.Seq.ShouldBe(2);
    }

    [Fact]
    public async Task Appending_moves_the_sender_s_read_cursor_to_the_message()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendAsync(conversation, "bob", "1");
        await SendAsync(conversation, "bob", "2");

        var mine = await SendAsync(conversation, "alice", "3");

        var talk = await TalkAsync("alice", conversation);
        talk.ReadSeq.ShouldBe(mine.Seq);
        talk.Unread.ShouldBe(0);
    }

    [Fact]
    public async Task Paging_back_from_the_end_returns_the_last_messages_oldest_first()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "alice", 7);

        var last = await Store.GetMessagesAsync(conversation, afterSeq: null, beforeSeq: 0, limit: 3);
        last.Messages.Select(m => m.Seq).ShouldBe([5, 6, 7]);
        last.HasMore.ShouldBeTrue();
        last.LastSeq.ShouldBe(7);

        var earlier = await Store.GetMessagesAsync(conversation, null, beforeSeq: 5, limit: 3);
        earlier.Messages.Select(m => m.Seq).ShouldBe([2, 3, 4]);
        earlier.HasMore.ShouldBeTrue();

        var first = await Store.GetMessagesAsync(conversation, null, beforeSeq: 2, limit: 3);
        first.Messages.Select(m => m.Seq).ShouldBe([1]);
        first.HasMore.ShouldBeFalse();
    }

    [Fact]
    public async Task Paging_forward_after_a_sequence_number_returns_the_next_messages()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "alice", 7);

        var next = await Store.GetMessagesAsync(conversation, afterSeq: 2, beforeSeq: 0, limit: 3);
        next.Messages.Select(m => m.Seq).ShouldBe([3, 4, 5]);
        next.HasMore.ShouldBeTrue();

        var rest = await Store.GetMessagesAsync(conversation, afterSeq: 5, beforeSeq: 0, limit: 3);
        rest.Messages.Select(m => m.Seq).ShouldBe([6, 7]);
        rest.HasMore.ShouldBeFalse();

        var exact = await Store.GetMessagesAsync(conversation, afterSeq: 4, beforeSeq: 0, limit: 3);
        exact.Messages.Select(m => m.Seq).ShouldBe([5, 6, 7]);
        exact.HasMore.ShouldBeFalse();
        exact.LastSeq.ShouldBe(7);
    }

    [Fact]
    public async Task Paging_forward_after_zero_starts_at_the_first_message_not_the_latest()
    {
        string conversation = await FriendsAsync("alice", "bob");
        await SendManyAsync(conversation, "alice", 7);

        var start = await Store.GetMessagesAsync(conversation, afterSeq: 0, beforeSeq: 0, limit: 3);
        start.Messages.Select(m => m.Seq).ShouldBe([1, 2, 3]);
        start.HasMore.ShouldBeTrue();
    }

    [Fact]
    public async Task An_empty_or_unknown_conversation_has_no_messages()
    {
        string conversation = await FriendsAsync("alice", "bob");

        var empty = await Store.GetMessagesAsync(conversation, null, 0, 10);
        var unknown = await Store.GetMessagesAsync("d:nobody:noone", null, 0, 10);

        empty.Messages.ShouldBeEmpty();
        empty.HasMore.ShouldBeFalse();
        empty.LastSeq.ShouldBe(0);
        unknown.Messages.ShouldBeEmpty();
        unknown.LastSeq.ShouldBe(0);
    }
}
