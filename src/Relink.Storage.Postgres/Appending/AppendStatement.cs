using Npgsql;
using NpgsqlTypes;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres.Appending;

/// <summary>
/// An append as one statement: the number, the row, the counter, the sender's cursors and the sender's profile. One
/// statement per message keeps a batch of appends one round trip of as many statements, each prepared once per
/// connection (the store's data source auto-prepares).
/// </summary>
internal static class AppendStatement
{
    // FOR UPDATE takes the conversation's row lock (and, in READ COMMITTED, re-reads the row once a racing append that
    // held it commits), so concurrent appends from any node take last_seq + 1 one after another. Everything after the
    // insert joins `stored`, so the counter and the cursors move only when the message went in: a key the sender used
    // before stores nothing and takes no number (ON CONFLICT waits for a racing insert of the same key to commit or
    // roll back first). Every part reads the statement's snapshot, so the device row below is made from the read
    // cursor as it was before this message moved it: a device without a cursor row counts as delivered up to there.
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
            FROM stored WHERE conversation_id = @conversation),
        device AS (
            INSERT INTO device_cursors (user_id, conversation_id, device_id, delivered_seq)
            SELECT p.user_id, p.conversation_id, @device, p.read_seq FROM participants p, stored
            WHERE @device IS NOT NULL AND p.user_id = @sender AND p.conversation_id = @conversation
            ON CONFLICT DO NOTHING),
        seen AS (
            UPDATE participants p SET read_seq = stored.seq FROM stored
            WHERE p.user_id = @sender AND p.conversation_id = @conversation AND p.read_seq < stored.seq)
        SELECT stored.message_id, stored.seq, u.nickname, u.head FROM stored JOIN users u ON u.user_id = @sender
        """;

    /// <summary>The statement appending <paramref name="message"/>; <paramref name="targetSeq"/> is the message an edit or recall changes (0 for a message).</summary>
    public static NpgsqlBatchCommand For(NewMessage message, long targetSeq = 0)
    {
        var command = new NpgsqlBatchCommand(AppendSql)
            .With("conversation", message.ConversationId)
            .With("sender", message.SenderId)
            .With("key", message.ClientMsgId)
            .With("kind", (int)message.Kind)
            .With("text", message.Text)
            .With("at", UnixTime.ToMillis(message.SentAt))
            .With("target", targetSeq);
        // Typed even when null: an untyped NULL leaves "@device IS NOT NULL" without a type, and the prepared
        // statement keeps one signature whether or not the sender named a device.
        command.Parameters.Add(new NpgsqlParameter("device", NpgsqlDbType.Text) { Value = (object?)message.SenderDeviceId ?? DBNull.Value });
        return command;
    }

    /// <summary>
    /// Reads the current result (the statement's) of <paramref name="reader"/>: the stored message, or null when
    /// nothing was stored (the key was taken, or there is no such conversation). Leaves the reader on that result.
    /// </summary>
    public static async Task<StoredMessage?> ReadAsync(NpgsqlDataReader reader, NewMessage message, long targetSeq, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        long sentAt = UnixTime.ToMillis(message.SentAt);
        return new StoredMessage(
            reader.GetInt64(0), message.ConversationId, reader.GetInt64(1), message.SenderId, reader.GetString(2), reader.GetString(3),
            message.Kind, message.Text, UnixTime.FromMillis(sentAt), message.ClientMsgId, targetSeq);
    }
}
