using Npgsql;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    // Null until webhook events start: appends then call nothing after their commit.
    private Action<string>? _webhookCommitted;

    /// <inheritdoc />
    public async Task StartWebhookEventsAsync(Action<string> committed, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(committed);
        long millis = UnixTime.ToMillis(at);
        await WriteAsync(
            async s =>
            {
                bool first = await s.Sql("INSERT INTO webhook_state (id, started_at) VALUES (1, @at) ON CONFLICT DO NOTHING")
                    .With("at", millis)
                    .ExecuteAsync(s.CancellationToken) == 1;
                if (first)
                {
                    // "From now on": what each conversation holds already is not an event.
                    await s.Sql("""
                            INSERT INTO webhook_cursors (conversation_id, delivered_seq)
                            SELECT conversation_id, last_seq FROM conversations WHERE last_seq > 0
                            """)
                        .ExecuteAsync(s.CancellationToken);
                }

                return first;
            },
            cancellationToken);
        _webhookCommitted = committed;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListWebhookBacklogAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<string>>(
            async s => await s.Sql("""
                    SELECT c.conversation_id FROM conversations c
                    LEFT JOIN webhook_cursors w ON w.conversation_id = c.conversation_id
                    WHERE c.last_seq > COALESCE(w.delivered_seq, 0) AND EXISTS (SELECT 1 FROM webhook_state)
                    UNION
                    SELECT conversation_id FROM webhook_membership
                    """)
                .ReadListAsync(r => r.GetString(0), s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookEvent>> ReadWebhookEventsAsync(string conversationId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<WebhookEvent>>(
            async s =>
            {
                long cursor = await s.Sql("SELECT delivered_seq FROM webhook_cursors WHERE conversation_id = @conversation")
                    .With("conversation", conversationId)
                    .ScalarInt64Async(s.CancellationToken) ?? 0;
                var messages = await s.Sql($"""
                        SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
                        WHERE m.conversation_id = @conversation AND m.seq > @after
                        ORDER BY m.seq LIMIT @take
                        """)
                    .With("conversation", conversationId)
                    .With("after", cursor)
                    .With("take", limit)
                    .ReadListAsync(Rows.Message, s.CancellationToken);
                var changes = await s.Sql("""
                        SELECT event_id, group_id, user_id, change, after_seq, at FROM webhook_membership
                        WHERE conversation_id = @conversation ORDER BY event_id LIMIT @take
                        """)
                    .With("conversation", conversationId)
                    .With("take", limit)
                    .ReadListAsync(ReadMembership, s.CancellationToken);
                return WebhookEventOrder.Merge(messages, changes, limit);
            },
            cancellationToken,
            snapshot: true);
    }

    /// <inheritdoc />
    public Task CompleteWebhookEventAsync(WebhookEvent completed, WebhookDeadLetter? deadLetter, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async s =>
            {
                if (completed.Message is { } message)
                {
                    // Never back: completing an older event again (a retry racing a restart) must not re-open later ones.
                    await s.Sql("""
                            INSERT INTO webhook_cursors (conversation_id, delivered_seq) VALUES (@conversation, @seq)
                            ON CONFLICT (conversation_id) DO UPDATE
                            SET delivered_seq = GREATEST(webhook_cursors.delivered_seq, excluded.delivered_seq)
                            """)
                        .With("conversation", message.ConversationId)
                        .With("seq", message.Seq)
                        .ExecuteAsync(s.CancellationToken);
                }
                else
                {
                    await s.Sql("DELETE FROM webhook_membership WHERE event_id = @id")
                        .With("id", completed.Membership!.Id)
                        .ExecuteAsync(s.CancellationToken);
                }

                if (deadLetter is not null)
                {
                    await s.Sql("""
                            INSERT INTO webhook_dead_letters (event_id, conversation_id, body, failure, failed_at)
                            VALUES (@id, @conversation, @body, @failure, @at) ON CONFLICT DO NOTHING
                            """)
                        .With("id", deadLetter.EventId)
                        .With("conversation", deadLetter.ConversationId)
                        .With("body", deadLetter.Body)
                        .With("failure", deadLetter.Failure)
                        .With("at", UnixTime.ToMillis(deadLetter.At))
                        .ExecuteAsync(s.CancellationToken);
                }

                return true;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookDeadLetter>> ListWebhookDeadLettersAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<WebhookDeadLetter>>(
            async s => await s.Sql("""
                    SELECT event_id, conversation_id, body, failure, failed_at FROM webhook_dead_letters
                    ORDER BY failed_at, letter_no LIMIT @take
                    """)
                .With("take", limit)
                .ReadListAsync(r => new WebhookDeadLetter(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), UnixTime.FromMillis(r.GetInt64(4))), s.CancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Records a membership change for webhooks, in the change's own transaction, once webhook events have started
    /// (before, it writes nothing). Its place in the conversation is after the conversation's current last message.
    /// </summary>
    private static Task<int> RecordMembershipAsync(PgSession s, string groupId, string userId, MembershipChange change, long millis) =>
        s.Sql("""
                INSERT INTO webhook_membership (conversation_id, group_id, user_id, change, after_seq, at)
                SELECT conversation_id, @group, @user, @change, last_seq, @at FROM conversations
                WHERE conversation_id = @conversation AND EXISTS (SELECT 1 FROM webhook_state)
                """)
            .With("conversation", ConversationId.Group(groupId))
            .With("group", groupId)
            .With("user", userId)
            .With("change", (int)change)
            .With("at", millis)
            .ExecuteAsync(s.CancellationToken);

    private static MembershipEvent ReadMembership(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), (MembershipChange)r.GetInt32(3), r.GetInt64(4), UnixTime.FromMillis(r.GetInt64(5)));
}
