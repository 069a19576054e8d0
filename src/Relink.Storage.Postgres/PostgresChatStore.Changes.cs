using Relink.Storage.Postgres.Sql;
using Relink.Storage.Relational;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    private const string TargetSql =
        $"SELECT {Rows.MessageColumns} FROM {Rows.MessageSource} WHERE m.conversation_id = @conversation AND m.seq = @seq";

    // The first event of a kind that changed the message: later in the log than the message, so a range of the
    // (conversation, seq) index.
    private const string EventSql = $"""
        SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
        WHERE m.conversation_id = @conversation AND m.seq > @target AND m.kind = @kind AND m.target_seq = @target
        ORDER BY m.seq LIMIT 1
        """;

    /// <inheritdoc />
    public async Task<ChangeResult> ChangeMessageAsync(MessageChange change, CancellationToken cancellationToken = default)
    {
        if (change.Kind is not (MessageKind.Edit or MessageKind.Recall))
        {
            throw new ArgumentException($"A change is an Edit or a Recall, not {change.Kind}.", nameof(change));
        }

        var result = await WriteAsync(s => ChangeAsync(s, change), cancellationToken);
        if (result.Status == ChangeStatus.Applied && !result.Duplicate)
        {
            _webhookCommitted?.Invoke(change.ConversationId);
        }

        return result;
    }

    /// <summary>
    /// One change in one READ COMMITTED transaction. It first takes the conversation's row lock, the one an append
    /// takes for its number, and holds it to the commit: the rules are read after it, so an edit and a recall of one
    /// message racing each other (from any node) are applied one after the other, never both past the same check,
    /// and a retry of the same change finds the first one's event.
    /// </summary>
    private static async Task<ChangeResult> ChangeAsync(PgSession s, MessageChange change)
    {
        await LastSeqOfAsync(s, change.ConversationId, lockRow: true);

        var earlier = await FindOriginalAsync(s, change.SenderId, change.ClientMsgId);
        if (earlier is not null)
        {
            return new ChangeResult(ChangeStatus.Applied, earlier, Duplicate: true);
        }

        var target = await s.Sql(TargetSql)
            .With("conversation", change.ConversationId)
            .With("seq", change.TargetSeq)
            .ReadFirstOrDefaultAsync(Rows.Message, s.CancellationToken);
        switch (ChangeRules.Check(target, change))
        {
            case ChangeStatus.Applied:
                return new ChangeResult(ChangeStatus.Applied, await FindEventAsync(s, change.ConversationId, MessageKind.Recall, target!.Seq), Duplicate: true);
            case { } refused:
                return new ChangeResult(refused);
        }

        string text = change.Kind == MessageKind.Edit ? change.Text : "";
        var appended = await AppendAsync(
            s,
            new NewMessage(change.ConversationId, change.SenderId, change.ClientMsgId, change.Kind, text, change.At, change.SenderDeviceId),
            target!.Seq);
        if (appended is null)
        {
            // The key was stored meanwhile by a change naming another conversation (which the lock above does not
            // order): that one is the original.
            return new ChangeResult(ChangeStatus.Applied, await FindOriginalAsync(s, change.SenderId, change.ClientMsgId), Duplicate: true);
        }

        if (change.Kind == MessageKind.Edit)
        {
            await s.Sql("UPDATE messages SET text = @text, edited_at = @at WHERE message_id = @id")
                .With("text", text)
                .With("at", UnixTime.ToMillis(change.At))
                .With("id", target.Id)
                .ExecuteAsync(s.CancellationToken);
        }
        else
        {
            await s.Sql("UPDATE messages SET text = '', recalled = TRUE WHERE message_id = @id")
                .With("id", target.Id)
                .ExecuteAsync(s.CancellationToken);
            // The edit events still hold versions of the text: gone from the store, not hidden.
            await s.Sql("UPDATE messages SET text = '' WHERE conversation_id = @conversation AND seq > @seq AND kind = @edit AND target_seq = @seq")
                .With("conversation", change.ConversationId)
                .With("seq", target.Seq)
                .With("edit", (int)MessageKind.Edit)
                .ExecuteAsync(s.CancellationToken);
        }

        return new ChangeResult(ChangeStatus.Applied, appended);
    }

    private static Task<StoredMessage?> FindEventAsync(PgSession s, string conversationId, MessageKind kind, long targetSeq) =>
        s.Sql(EventSql)
            .With("conversation", conversationId)
            .With("target", targetSeq)
            .With("kind", (int)kind)
            .ReadFirstOrDefaultAsync(Rows.Message, s.CancellationToken);
}
