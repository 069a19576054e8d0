using System.Collections.Concurrent;

namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    private readonly ConcurrentQueue<string> _webhookSignals = new();

    /// <summary>Starts webhook events, recording each conversation the store says has a new event.</summary>
    private Task StartWebhooksAsync() => Store.StartWebhookEventsAsync(_webhookSignals.Enqueue, NextTime());

    /// <summary>What a receiver would be sent next for the conversation: message texts, or "user change" for membership.</summary>
    private async Task<List<string>> PendingEventsAsync(string conversationId, int limit = 100) =>
        (await Store.ReadWebhookEventsAsync(conversationId, limit)).Select(Describe).ToList();

    private static string Describe(WebhookEvent e) =>
        e.Message is { } m ? m.Text : $"{e.Membership!.UserId} {e.Membership.Change}";

    /// <summary>Delivers every pending event of a conversation, in order, as a dispatcher would.</summary>
    private async Task<List<string>> DeliverAllAsync(string conversationId)
    {
        var delivered = new List<string>();
        while (await Store.ReadWebhookEventsAsync(conversationId, 2) is { Count: > 0 } page)
        {
            foreach (var e in page)
            {
                delivered.Add(Describe(e));
                await Store.CompleteWebhookEventAsync(e, deadLetter: null);
            }
        }

        return delivered;
    }

    [Fact]
    public async Task Webhook_events_begin_at_the_first_start_not_with_the_history_before_it()
    {
        string direct = await FriendsAsync("alice", "bob");
        await SendAsync(direct, "alice", "before");
        var group = await Store.CreateGroupAsync("alice", "Before", "", ["bob"], NextTime());
        (await Store.ListWebhookBacklogAsync()).ShouldBeEmpty("nothing is recorded before the start");

        await StartWebhooksAsync();
        (await Store.ListWebhookBacklogAsync()).ShouldBeEmpty("history is not an event");
        await SendAsync(direct, "bob", "after");

        (await PendingEventsAsync(direct)).ShouldBe(["after"]);
        (await PendingEventsAsync(ConversationId.Group(group.GroupId))).ShouldBeEmpty();
        (await Store.ListWebhookBacklogAsync()).ShouldBe([direct]);
        _webhookSignals.ToList().ShouldBe([direct], "the append's commit is signalled");
    }

    [Fact]
    public async Task Webhook_events_come_in_sequence_order_and_again_until_completed_and_a_cursor_never_goes_back()
    {
        string direct = await FriendsAsync("alice", "bob");
        await StartWebhooksAsync();
        await SendManyAsync(direct, "alice", 3);

        var page = await Store.ReadWebhookEventsAsync(direct, 2);
        page.Select(Describe).ShouldBe(["m1", "m2"]);
        page.Select(e => e.EventId).ShouldBe(page.Select(e => $"msg-{e.Message!.Id}"));
        (await PendingEventsAsync(direct, 2)).ShouldBe(["m1", "m2"], "reading delivers nothing");

        await Store.CompleteWebhookEventAsync(page[0], deadLetter: null);
        var rest = await Store.ReadWebhookEventsAsync(direct, 10);
        rest.Select(Describe).ShouldBe(["m2", "m3"]);
        await Store.CompleteWebhookEventAsync(rest[1], deadLetter: null);
        await Store.CompleteWebhookEventAsync(rest[0], deadLetter: null); // a late completion of an earlier event

        (await PendingEventsAsync(direct)).ShouldBeEmpty();
        (await Store.ListWebhookBacklogAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_retried_append_is_no_second_webhook_event()
    {
        string direct = await FriendsAsync("alice", "bob");
        await StartWebhooksAsync();

        await SendAsync(direct, "alice", "once", clientMsgId: "k1");
        (await Store.AppendMessageAsync(NewMessage(direct, "alice", "once", clientMsgId: "k1"))).Duplicate.ShouldBeTrue();

        (await PendingEventsAsync(direct)).ShouldBe(["once"]);
        _webhookSignals.ToList().ShouldBe([direct]);
    }

    [Fact]
    public async Task Membership_changes_are_webhook_events_in_their_place_among_the_groups_messages()
    {
        await CreateUsersAsync("owner", "bob", "carol");
        await StartWebhooksAsync();
        var group = await Store.CreateGroupAsync("owner", "G", "", ["bob"], NextTime());
        string conversation = ConversationId.Group(group.GroupId);
        await SendAsync(conversation, "owner", "first");
        (await Store.AddGroupMemberAsync(group.GroupId, "carol", NextTime())).ShouldBeTrue();
        (await Store.AddGroupMemberAsync(group.GroupId, "carol", NextTime())).ShouldBeFalse();
        await SendAsync(conversation, "carol", "second");
        DateTimeOffset leftAt = NextTime();
        (await Store.RemoveGroupMemberAsync(group.GroupId, "bob", leftAt)).ShouldBeTrue();
        (await Store.RemoveGroupMemberAsync(group.GroupId, "bob", NextTime())).ShouldBeFalse();

        var events = await Store.ReadWebhookEventsAsync(conversation, 100);
        // The system messages of a join and a leave are messages like any other; the membership record follows each.
        events.Select(Describe).ShouldBe(["owner Created", "bob Created", "first", "carol Carol", "carol Joined", "second", "bob Bob", "bob Left"]);
        var left = events[^1];
        left.Membership!.GroupId.ShouldBe(group.GroupId);
        left.Membership.AfterSeq.ShouldBe(4);
        left.OccurredAt.ShouldBe(leftAt);
        left.ConversationId.ShouldBe(conversation);
        left.EventId.ShouldBe($"mem-{left.Membership.Id}");
        events.Select(e => e.EventId).ShouldBeUnique();
        _webhookSignals.Distinct().ShouldBe([conversation]);
        _webhookSignals.Count.ShouldBe(5, "one signal per commit that added events: create, join, two sends, leave");

        (await DeliverAllAsync(conversation)).ShouldBe(["owner Created", "bob Created", "first", "carol Carol", "carol Joined", "second", "bob Bob", "bob Left"]);
        (await Store.ListWebhookBacklogAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Undelivered_webhook_events_wait_across_a_restart_and_keep_collecting_before_the_next_start()
    {
        string direct = await FriendsAsync("alice", "bob");
        await CreateUsersAsync("carol");
        await StartWebhooksAsync();
        await SendAsync(direct, "alice", "before restart");
        var group = await Store.CreateGroupAsync("carol", "G", "", [], NextTime());
        string groupConversation = ConversationId.Group(group.GroupId);

        await RestartAsync();
        await SendAsync(direct, "bob", "while no one listens");
        (await Store.AddGroupMemberAsync(group.GroupId, "alice", NextTime())).ShouldBeTrue();
        await StartWebhooksAsync();

        (await Store.ListWebhookBacklogAsync()).Order(StringComparer.Ordinal).ShouldBe(new[] { direct, groupConversation }.Order(StringComparer.Ordinal));
        (await DeliverAllAsync(direct)).ShouldBe(["before restart", "while no one listens"]);
        (await DeliverAllAsync(groupConversation)).ShouldBe(["carol Created", "alice Alice", "alice Joined"]);
    }

    [Fact]
    public async Task A_given_up_webhook_event_is_kept_with_its_body_and_the_next_event_comes_first()
    {
        string direct = await FriendsAsync("alice", "bob");
        await StartWebhooksAsync();
        await SendManyAsync(direct, "alice", 2);
        var first = (await Store.ReadWebhookEventsAsync(direct, 1)).Single();
        DateTimeOffset givenUpAt = NextTime();

        var deadLetter = new WebhookDeadLetter(first.EventId, direct, """{"id":"x"}""", "HTTP 503", givenUpAt);
        await Store.CompleteWebhookEventAsync(first, deadLetter);
        await Store.CompleteWebhookEventAsync(first, deadLetter);

        (await PendingEventsAsync(direct)).ShouldBe(["m2"]);
        (await Store.ListWebhookDeadLettersAsync(10)).ShouldBe([deadLetter]);
        await RestartAsync();
        (await Store.ListWebhookDeadLettersAsync(10)).ShouldBe([deadLetter]);
    }
}
