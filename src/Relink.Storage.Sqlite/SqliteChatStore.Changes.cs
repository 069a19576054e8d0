using Relink.Storage.Relational;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task<ChangeResult> ChangeMessageAsync(MessageChange change, CancellationToken cancellationToken = default)
    {
        if (change.Kind is not (MessageKind.Edit or MessageKind.Recall))
        {
            throw new ArgumentException($"A change is an Edit or a Recall, not {change.Kind}.", nameof(change));
        }

        return WriteAndSignalAsync(
            s => Change(s, change),
            r => r.Status == ChangeStatus.Applied && !r.Duplicate ? r.Event!.ConversationId : null,
            cancellationToken);
    }

    /// <summary>
    /// One change inside the writer's transaction: the rules are read and the event appended in the same transaction,
    /// so a recall and an edit of one message racing each other are applied one after the other, never both past
    /// the same check.
    /// </summary>
    private static ChangeResult Change(StatementCache s, MessageChange change)
    {
        var earlier = s.Prepare($"SELECT {Rows.MessageColumns} FROM {Rows.MessageSource} WHERE m.sender_id = $sender AND m.client_msg_id = $key")
            .With("$sender", change.SenderId)
            .With("$key", change.ClientMsgId)
            .ReadFirstOrDefault(Rows.Message);
        if (earlier is not null)
        {
            return new ChangeResult(ChangeStatus.Applied, earlier, Duplicate: true);
        }

        var target = s.Prepare($"SELECT {Rows.MessageColumns} FROM {Rows.MessageSource} WHERE m.conversation_id = $conversation AND m.seq = $seq")
            .With("$conversation", change.ConversationId)
            .With("$seq", change.TargetSeq)
            .ReadFirstOrDefault(Rows.Message);
        switch (ChangeRules.Check(target, change))
        {
            case ChangeStatus.Applied:
                return new ChangeResult(ChangeStatus.Applied, FindEvent(s, change.ConversationId, MessageKind.Recall, target!.Seq), Duplicate: true);
            case { } refused:
                return new ChangeResult(refused);
        }

        string text = change.Kind == MessageKind.Edit ? change.Text : "";
        var appended = Append(
            s,
            new NewMessage(change.ConversationId, change.SenderId, change.ClientMsgId, change.Kind, text, change.At, change.SenderDeviceId),
            target!.Seq);

        if (change.Kind == MessageKind.Edit)
        {
            s.Prepare("UPDATE messages SET text = $text, edited_at = $at WHERE message_id = $id")
                .With("$text", text)
                .With("$at", UnixTime.ToMillis(change.At))
                .With("$id", target.Id)
                .Execute();
        }
        else
        {
            s.Prepare("UPDATE messages SET text = '', recalled = 1 WHERE message_id = $id")
                .With("$id", target.Id)
                .Execute();
            // The edit events still hold versions of the text; they are later in the log than the message, and the
            // recall window is short, so this range is a few rows of the (conversation, seq) index.
            s.Prepare("UPDATE messages SET text = '' WHERE conversation_id = $conversation AND seq > $seq AND kind = $edit AND target_seq = $seq")
                .With("$conversation", change.ConversationId)
                .With("$seq", target.Seq)
                .With("$edit", (int)MessageKind.Edit)
                .Execute();
        }

        return new ChangeResult(ChangeStatus.Applied, appended.Message);
    }

    private static StoredMessage? FindEvent(StatementCache s, string conversationId, MessageKind kind, long targetSeq) =>
        s.Prepare($"""
                SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
                WHERE m.conversation_id = $conversation AND m.seq > $target AND m.kind = $kind AND m.target_seq = $target
                ORDER BY m.seq LIMIT 1
                """)
            .With("$conversation", conversationId)
            .With("$target", targetSeq)
            .With("$kind", (int)kind)
            .ReadFirstOrDefault(Rows.Message);
}
