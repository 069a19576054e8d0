using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task<AppendResult> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken = default)
    {
        if (message.Kind is not (MessageKind.Text or MessageKind.Emoji))
        {
            // Edits and recalls carry rules of their own: ChangeMessageAsync.
            throw new ArgumentException($"A message's kind is Text or Emoji, not {message.Kind}.", nameof(message));
        }

        return WriteAndSignalAsync(s => Append(s, message), r => r.Duplicate ? null : r.Message.ConversationId, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MessagePage> GetMessagesAsync(string conversationId, long? afterSeq, long beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        bool forward = afterSeq is not null;
        return ReadAsync(
            s =>
            {
                long lastSeq = LastSeqOf(s, conversationId) ?? 0;
                // One row past the page says whether more exist in the direction asked.
                List<StoredMessage> messages;
                if (forward)
                {
                    messages = s.Prepare($"""
                            SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
                            WHERE m.conversation_id = $conversation AND m.seq > $after
                            ORDER BY m.seq LIMIT $take
                            """)
                        .With("$conversation", conversationId)
                        .With("$after", afterSeq!.Value)
                        .With("$take", limit + 1)
                        .ReadList(Rows.Message);
                }
                else
                {
                    messages = s.Prepare($"""
                            SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
                            WHERE m.conversation_id = $conversation AND m.seq < $before
                            ORDER BY m.seq DESC LIMIT $take
                            """)
                        .With("$conversation", conversationId)
                        .With("$before", beforeSeq > 0 ? beforeSeq : long.MaxValue)
                        .With("$take", limit + 1)
                        .ReadList(Rows.Message);
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
            cancellationToken);
    }

    // The columns of Rows.MessageColumns, in its order, from the sender's row outward: a row whenever the sender exists.
    private const string SenderAndOriginal = """
        SELECT m.message_id, m.conversation_id, m.seq, u.user_id, u.nickname, u.head, m.kind, m.text, m.sent_at,
               m.client_msg_id, m.target_seq, m.edited_at, m.recalled
        FROM users u LEFT JOIN messages m ON m.sender_id = u.user_id AND m.client_msg_id = $key
        WHERE u.user_id = $sender
        """;

    /// <summary>
    /// One append inside the writer's transaction. The duplicate check sees appends earlier in the same batch, so a
    /// retry that lands next to its original is stored once; the unique index guards the key across restarts.
    /// </summary>
    /// <remarks><paramref name="targetSeq"/> is the message an edit or recall event changes (0 for a message).</remarks>
    private static AppendResult Append(StatementCache s, NewMessage message, long targetSeq = 0)
    {
        // One statement finds the sender and an earlier message with this key: a duplicate's row, or the sender's
        // name and head for the new one (the message columns NULL). Raw statements: nothing allocated per run.
        string nickname, head;
        var lookup = s.PrepareRaw(SenderAndOriginal).With("$sender", message.SenderId).With("$key", message.ClientMsgId);
        try
        {
            if (!lookup.Step())
            {
                throw new ArgumentException($"There is no user '{message.SenderId}'.", nameof(message));
            }

            if (!lookup.IsNull(0))
            {
                lookup.Reset();
                return new AppendResult(Original(s, message), Duplicate: true);
            }

            nickname = lookup.Text(4);
            head = lookup.Text(5);
        }
        finally
        {
            lookup.Reset();
        }

        long sentAt = UnixTime.ToMillis(message.SentAt);
        // The counter lives in the row this transaction now holds: seq is last_seq + 1 with no gap, and a rollback
        // of the batch takes the bump back with the message.
        long seq = s.PrepareRaw("""
                UPDATE conversations SET last_seq = last_seq + 1, last_message_at = $at
                WHERE conversation_id = $conversation
                RETURNING last_seq
                """)
            .With("$conversation", message.ConversationId)
            .With("$at", sentAt)
            .ScalarInt64()
            ?? throw new ArgumentException($"There is no conversation '{message.ConversationId}'.", nameof(message));

        long id = s.PrepareRaw("""
                INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, kind, text, sent_at, target_seq)
                VALUES ($conversation, $seq, $sender, $key, $kind, $text, $at, $target)
                RETURNING message_id
                """)
            .With("$conversation", message.ConversationId)
            .With("$seq", seq)
            .With("$sender", message.SenderId)
            .With("$key", message.ClientMsgId)
            .With("$kind", (int)message.Kind)
            .With("$text", message.Text)
            .With("$at", sentAt)
            .With("$target", targetSeq)
            .ScalarInt64()!.Value;

        if (message.SenderDeviceId is { } device)
        {
            // Before the read cursor moves: a device without a cursor row counts as delivered up to it.
            s.PrepareRaw("""
                    INSERT INTO device_cursors (user_id, conversation_id, device_id, delivered_seq)
                    SELECT user_id, conversation_id, $device, read_seq FROM participants
                    WHERE user_id = $sender AND conversation_id = $conversation
                    ON CONFLICT DO NOTHING
                    """)
                .With("$device", device)
                .With("$sender", message.SenderId)
                .With("$conversation", message.ConversationId)
                .Execute();
        }

        s.PrepareRaw("UPDATE participants SET read_seq = $seq WHERE user_id = $sender AND conversation_id = $conversation AND read_seq < $seq")
            .With("$seq", seq)
            .With("$sender", message.SenderId)
            .With("$conversation", message.ConversationId)
            .Execute();

        var stored = new StoredMessage(
            id, message.ConversationId, seq, message.SenderId, nickname, head, message.Kind, message.Text,
            UnixTime.FromMillis(sentAt), message.ClientMsgId, targetSeq);
        return new AppendResult(stored, Duplicate: false);
    }

    /// <summary>The message stored earlier under this append's key, mapped in full (a retry: rare, so by command).</summary>
    private static StoredMessage Original(StatementCache s, NewMessage message) =>
        s.Prepare(SenderAndOriginal)
            .With("$sender", message.SenderId)
            .With("$key", message.ClientMsgId)
            .ReadFirstOrDefault(Rows.Message)!;
}
