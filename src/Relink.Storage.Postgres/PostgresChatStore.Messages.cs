using Npgsql;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    // One statement takes the conversation's next number and stores the message. FOR UPDATE takes the
    // conversation's row lock (and, in READ COMMITTED, re-reads the row once a racing append that held it commits),
    // so concurrent appends from any node take last_seq + 1 one after another. The counter moves only when the
    // message went in: a key the sender used before stores nothing and takes no number (ON CONFLICT waits for a
    // racing insert of the same key to commit or roll back first).
    private const string AppendSql = """
        WITH next AS (
            SELECT last_seq + 1 AS seq FROM conversations WHERE conversation_id = @conversation FOR UPDATE),
        stored AS (
            INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, kind, text, sent_at, target_seq)
            SELECT @conversation, seq, @sender, @key, @kind, @text, @at, @target FROM next
            ON CONFLICT (sender_id, client_msg_id) DO NOTHING
            RETURNING message_id, seq),
        bumped AS (
            UPDATE conversations SET last_seq = stored.seq, last_message_at = @at
            FROM stored WHERE conversation_id = @conversation)
        SELECT message_id, seq FROM stored
        """;

    // The sender's own message is the conversation's last (the lock is held); on a duplicate the original is the
    // last only if nothing came after it, and then these change nothing its own append did not.
    private const string JustStored = """
        EXISTS (SELECT 1 FROM messages m JOIN conversations c ON c.conversation_id = m.conversation_id
                WHERE m.sender_id = @sender AND m.client_msg_id = @key AND m.conversation_id = @conversation AND m.seq = c.last_seq)
        """;

    // Before the read cursor moves: a device without a cursor row counts as delivered up to it.
    private const string KeepSendingDeviceCursorSql = $"""
        INSERT INTO device_cursors (user_id, conversation_id, device_id, delivered_seq)
        SELECT user_id, conversation_id, @device, read_seq FROM participants
        WHERE user_id = @sender AND conversation_id = @conversation AND {JustStored}
        ON CONFLICT DO NOTHING
        """;

    private const string MoveSenderReadCursorSql = $"""
        UPDATE participants SET read_seq = c.last_seq
        FROM conversations c
        WHERE c.conversation_id = participants.conversation_id
          AND participants.user_id = @sender AND participants.conversation_id = @conversation
          AND participants.read_seq < c.last_seq AND {JustStored}
        """;

    private const string SenderProfileSql = "SELECT nickname, head FROM users WHERE user_id = @sender";

    private const string OriginalSql =
        $"SELECT {Rows.MessageColumns} FROM {Rows.MessageSource} WHERE m.sender_id = @sender AND m.client_msg_id = @key";

    /// <inheritdoc />
    public async Task<AppendResult> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        if (message.Kind is not (MessageKind.Text or MessageKind.Emoji))
        {
            // Edits and recalls carry rules of their own: ChangeMessageAsync.
            throw new ArgumentException($"A message's kind is Text or Emoji, not {message.Kind}.", nameof(message));
        }

        // No explicit transaction: the append is one batch, which PostgreSQL runs as one implicit transaction and
        // commits at its end, so the conversation's lock is held for one round trip's server work, not two.
        var stored = await RunAsync(s => AppendAsync(s, message), isolation: null, cancellationToken);
        if (stored is not null)
        {
            _webhookCommitted?.Invoke(message.ConversationId);
            return new AppendResult(stored, Duplicate: false);
        }

        // The key was used before (a retry, or a racing append that committed first), or there is no such
        // conversation. Retries are rare: they pay this second look-up rather than every append paying a first one.
        var original = await ReadAsync(s => FindOriginalAsync(s, message.SenderId, message.ClientMsgId), cancellationToken);
        return original is not null
            ? new AppendResult(original, Duplicate: true)
            : throw new ArgumentException($"There is no conversation '{message.ConversationId}'.", nameof(message));
    }

    /// <inheritdoc />
    public Task<MessagePage> GetMessagesAsync(string conversationId, long? afterSeq, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        bool forward = afterSeq is not null;
        return ReadAsync(
            async s =>
            {
                long lastSeq = await LastSeqOfAsync(s, conversationId) ?? 0;
                // One row past the page says whether more exist in the direction asked.
                List<StoredMessage> messages;
                if (forward)
                {
                    messages = await s.Sql($"""
                            SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
                            WHERE m.conversation_id = @conversation AND m.seq > @after
                            ORDER BY m.seq LIMIT @take
                            """)
                        .With("conversation", conversationId)
                        .With("after", afterSeq!.Value)
                        .With("take", limit + 1)
                        .ReadListAsync(Rows.Message, s.CancellationToken);
                }
                else
                {
                    messages = await s.Sql($"""
                            SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
                            WHERE m.conversation_id = @conversation AND m.seq < @before
                            ORDER BY m.seq DESC LIMIT @take
                            """)
                        .With("conversation", conversationId)
                        .With("before", beforeSeq > 0 ? beforeSeq : long.MaxValue)
                        .With("take", limit + 1)
                        .ReadListAsync(Rows.Message, s.CancellationToken);
                    messages.Reverse();
                }

                bool hasMore = messages.Count > limit;
                if (hasMore)
                {
                    // The extra row is the one farthest in the direction asked: last going forward, first going back.
                    messages.RemoveAt(forward ? messages.Count - 1 : 0);
                }

                return new MessagePage(messages, hasMore, lastSeq);
            },
            cancellationToken,
            snapshot: true);
    }

    /// <summary>The message or change event stored with the sender's idempotency key, if any.</summary>
    private static Task<StoredMessage?> FindOriginalAsync(PgSession s, string senderId, string clientMsgId) =>
        s.Sql(OriginalSql)
            .With("sender", senderId)
            .With("key", clientMsgId)
            .ReadFirstOrDefaultAsync(Rows.Message, s.CancellationToken);

    /// <summary>
    /// One append in one round trip (a batch, atomic by itself); null when nothing was stored (the key was taken,
    /// or there is no such conversation).
    /// </summary>
    /// <remarks><paramref name="targetSeq"/> is the message an edit or recall event changes (0 for a message).</remarks>
    private static async Task<StoredMessage?> AppendAsync(PgSession s, NewMessage message, long targetSeq = 0)
    {
        long sentAt = UnixTime.ToMillis(message.SentAt);
        var batch = s.Batch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(AppendSql)
            .With("conversation", message.ConversationId)
            .With("sender", message.SenderId)
            .With("key", message.ClientMsgId)
            .With("kind", (int)message.Kind)
            .With("text", message.Text)
            .With("at", sentAt)
            .With("target", targetSeq));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SenderProfileSql).With("sender", message.SenderId));
        if (message.SenderDeviceId is { } device)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(KeepSendingDeviceCursorSql)
                .With("device", device)
                .With("sender", message.SenderId)
                .With("key", message.ClientMsgId)
                .With("conversation", message.ConversationId));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(MoveSenderReadCursorSql)
            .With("sender", message.SenderId)
            .With("key", message.ClientMsgId)
            .With("conversation", message.ConversationId));

        long id, seq;
        string nickname, head;
        // The cursor statements return no rows; they run (and any error of theirs surfaces) as the reader is disposed.
        await using (var reader = await batch.ExecuteReaderAsync(s.CancellationToken))
        {
            if (!await reader.ReadAsync(s.CancellationToken))
            {
                return null;
            }

            id = reader.GetInt64(0);
            seq = reader.GetInt64(1);
            await reader.NextResultAsync(s.CancellationToken);
            await reader.ReadAsync(s.CancellationToken);
            nickname = reader.GetString(0);
            head = reader.GetString(1);
        }

        return new StoredMessage(
            id, message.ConversationId, seq, message.SenderId, nickname, head, message.Kind, message.Text,
            UnixTime.FromMillis(sentAt), message.ClientMsgId, targetSeq);
    }
}
