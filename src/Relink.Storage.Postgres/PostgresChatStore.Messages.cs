using Relink.Storage.Postgres.Appending;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
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

        // Stored by the append loop together with whatever other appends wait (group commit); completes after the commit.
        var stored = await Appends.AppendAsync(message, cancellationToken);
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
    /// One append inside <paramref name="s"/>'s transaction (an edit's or a group event's, which take other locks and
    /// rules with it); null when nothing was stored (the key was taken, or there is no such conversation).
    /// </summary>
    /// <remarks><paramref name="targetSeq"/> is the message an edit or recall event changes (0 for a message).</remarks>
    private static async Task<StoredMessage?> AppendAsync(PgSession s, NewMessage message, long targetSeq = 0)
    {
        var batch = s.Batch();
        batch.BatchCommands.Add(AppendStatement.For(message, targetSeq));
        await using var reader = await batch.ExecuteReaderAsync(s.CancellationToken);
        return await AppendStatement.ReadAsync(reader, message, targetSeq, s.CancellationToken);
    }
}
