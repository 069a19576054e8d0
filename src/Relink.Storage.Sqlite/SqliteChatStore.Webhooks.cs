using Microsoft.Data.Sqlite;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    // Null until webhook events start: appends then take the plain path, with no continuation to run.
    private Action<string>? _webhookCommitted;

    /// <inheritdoc />
    public async Task StartWebhookEventsAsync(Action<string> committed, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(committed);
        long millis = UnixTime.ToMillis(at);
        await WriteAsync(
            s =>
            {
                bool first = s.Prepare("INSERT INTO webhook_state (id, started_at) VALUES (1, $at) ON CONFLICT DO NOTHING")
                    .With("$at", millis)
                    .Execute() == 1;
                if (first)
                {
                    // "From now on": what each conversation holds already is not an event.
                    s.Prepare("""
                            INSERT INTO webhook_cursors (conversation_id, delivered_seq)
                            SELECT conversation_id, last_seq FROM conversations WHERE last_seq > 0
                            """)
                        .Execute();
                }

                return first;
            },
            cancellationToken);
        _webhookCommitted = committed;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListWebhookBacklogAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<string>>(
            s => s.Prepare("""
                    SELECT c.conversation_id FROM conversations c
                    LEFT JOIN webhook_cursors w ON w.conversation_id = c.conversation_id
                    WHERE c.last_seq > COALESCE(w.delivered_seq, 0) AND EXISTS (SELECT 1 FROM webhook_state)
                    UNION
                    SELECT conversation_id FROM webhook_membership
                    """)
                .ReadList(r => r.GetString(0)),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookEvent>> ReadWebhookEventsAsync(string conversationId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<WebhookEvent>>(
            s =>
            {
                long cursor = s.Prepare("SELECT delivered_seq FROM webhook_cursors WHERE conversation_id = $conversation")
                    .With("$conversation", conversationId)
                    .ScalarInt64() ?? 0;
                var messages = s.Prepare($"""
                        SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
                        WHERE m.conversation_id = $conversation AND m.seq > $after
                        ORDER BY m.seq LIMIT $take
                        """)
                    .With("$conversation", conversationId)
                    .With("$after", cursor)
                    .With("$take", limit)
                    .ReadList(Rows.Message);
                var changes = s.Prepare("""
                        SELECT event_id, group_id, user_id, change, after_seq, at FROM webhook_membership
                        WHERE conversation_id = $conversation ORDER BY event_id LIMIT $take
                        """)
                    .With("$conversation", conversationId)
                    .With("$take", limit)
                    .ReadList(ReadMembership);
                return WebhookEventOrder.Merge(messages, changes, limit);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteWebhookEventAsync(WebhookEvent completed, WebhookDeadLetter? deadLetter, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s =>
            {
                if (completed.Message is { } message)
                {
                    // Never back: completing an older event again (a retry racing a restart) must not re-open later ones.
                    s.Prepare("""
                            INSERT INTO webhook_cursors (conversation_id, delivered_seq) VALUES ($conversation, $seq)
                            ON CONFLICT (conversation_id) DO UPDATE SET delivered_seq = max(delivered_seq, excluded.delivered_seq)
                            """)
                        .With("$conversation", message.ConversationId)
                        .With("$seq", message.Seq)
                        .Execute();
                }
                else
                {
                    s.Prepare("DELETE FROM webhook_membership WHERE event_id = $id")
                        .With("$id", completed.Membership!.Id)
                        .Execute();
                }

                if (deadLetter is not null)
                {
                    s.Prepare("""
                            INSERT INTO webhook_dead_letters (event_id, conversation_id, body, failure, failed_at)
                            VALUES ($id, $conversation, $body, $failure, $at) ON CONFLICT DO NOTHING
                            """)
                        .With("$id", deadLetter.EventId)
                        .With("$conversation", deadLetter.ConversationId)
                        .With("$body", deadLetter.Body)
                        .With("$failure", deadLetter.Failure)
                        .With("$at", UnixTime.ToMillis(deadLetter.At))
                        .Execute();
                }

                return true;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookDeadLetter>> ListWebhookDeadLettersAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<WebhookDeadLetter>>(
            s => s.Prepare("""
                    SELECT event_id, conversation_id, body, failure, failed_at FROM webhook_dead_letters
                    ORDER BY failed_at, rowid LIMIT $take
                    """)
                .With("$take", limit)
                .ReadList(r => new WebhookDeadLetter(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), UnixTime.FromMillis(r.GetInt64(4)))),
            cancellationToken);
    }

    /// <summary>
    /// Records a membership change for webhooks, in the change's own transaction, once webhook events have started
    /// (before, it writes nothing). Its place in the conversation is after the conversation's current last message.
    /// </summary>
    private static void RecordMembership(StatementCache s, string groupId, string userId, MembershipChange change, long millis) =>
        s.Prepare("""
                INSERT INTO webhook_membership (conversation_id, group_id, user_id, change, after_seq, at)
                SELECT conversation_id, $group, $user, $change, last_seq, $at FROM conversations
                WHERE conversation_id = $conversation AND EXISTS (SELECT 1 FROM webhook_state)
                """)
            .With("$conversation", ConversationId.Group(groupId))
            .With("$group", groupId)
            .With("$user", userId)
            .With("$change", (int)change)
            .With("$at", millis)
            .Execute();

    /// <summary>
    /// Runs a change that may add a webhook event, then tells the dispatcher after the commit. Without webhooks it is
    /// the plain write: no extra continuation on the hot path.
    /// </summary>
    private Task<T> WriteAndSignalAsync<T>(Func<StatementCache, T> change, Func<T, string?> conversationWithEvent, CancellationToken cancellationToken)
    {
        var committed = _webhookCommitted;
        return committed is null ? WriteAsync(change, cancellationToken) : WriteThenSignalAsync(change, conversationWithEvent, committed, cancellationToken);
    }

    private async Task<T> WriteThenSignalAsync<T>(Func<StatementCache, T> change, Func<T, string?> conversationWithEvent, Action<string> committed, CancellationToken cancellationToken)
    {
        T result = await WriteAsync(change, cancellationToken);
        if (conversationWithEvent(result) is { } conversationId)
        {
            committed(conversationId);
        }

        return result;
    }

    private static MembershipEvent ReadMembership(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), (MembershipChange)r.GetInt32(3), r.GetInt64(4), UnixTime.FromMillis(r.GetInt64(5)));
}
