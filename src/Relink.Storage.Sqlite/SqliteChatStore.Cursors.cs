using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    // Where the user's read cursor is, and what is left unread.
    private static readonly string ReadMarkSql = $"""
        SELECT p.read_seq, {Rows.Unread} FROM participants p
        JOIN conversations c ON c.conversation_id = p.conversation_id
        WHERE p.user_id = $user AND p.conversation_id = $conversation
        """;

    /// <inheritdoc />
    public Task<ReadMark> MarkReadAsync(string userId, string conversationId, long seq, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s =>
            {
                bool moved = s.Prepare("""
                        UPDATE participants
                        SET read_seq = MIN($seq, (SELECT last_seq FROM conversations WHERE conversation_id = $conversation))
                        WHERE user_id = $user AND conversation_id = $conversation
                          AND read_seq < MIN($seq, (SELECT last_seq FROM conversations WHERE conversation_id = $conversation))
                        """)
                    .With("$user", userId)
                    .With("$conversation", conversationId)
                    .With("$seq", seq)
                    .Execute() == 1;
                return s.Prepare(ReadMarkSql)
                    .With("$user", userId)
                    .With("$conversation", conversationId)
                    .ReadFirstOrDefault(r => new ReadMark(r.GetInt64(0), (int)Math.Min(int.MaxValue, r.GetInt64(1)), moved))
                    ?? new ReadMark(0, 0, Moved: false);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task AdvanceDeliveredAsync(string userId, string deviceId, IReadOnlyList<DeliveryCursor> cursors, CancellationToken cancellationToken = default)
    {
        if (cursors.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(
            s =>
            {
                foreach (var cursor in cursors)
                {
                    AdvanceDelivered(s, userId, deviceId, cursor);
                }

                return cursors.Count;
            },
            cancellationToken);
    }

    /// <summary>
    /// Moves one cursor forward, clamped to last_seq. A device's first row starts from the user's read cursor (its
    /// implied value), so reporting less than that is not a move back; an existing row only ever grows, even when
    /// another device read further.
    /// </summary>
    /// <remarks>A raw statement: it runs once per cursor of every flush, and a command run allocates a reader, a
    /// parameter binder per value and more each time.</remarks>
    private static void AdvanceDelivered(StatementCache s, string userId, string deviceId, DeliveryCursor cursor) =>
        s.PrepareRaw("""
                INSERT INTO device_cursors (user_id, conversation_id, device_id, delivered_seq)
                SELECT p.user_id, p.conversation_id, $device, MAX(p.read_seq, MIN($seq, c.last_seq))
                FROM participants p JOIN conversations c ON c.conversation_id = p.conversation_id
                WHERE p.user_id = $user AND p.conversation_id = $conversation
                ON CONFLICT (user_id, conversation_id, device_id) DO UPDATE
                SET delivered_seq = MAX(delivered_seq,
                    MIN($seq, (SELECT last_seq FROM conversations WHERE conversation_id = $conversation)))
                """)
            .With("$user", userId)
            .With("$device", deviceId)
            .With("$conversation", cursor.ConversationId)
            .With("$seq", cursor.Seq)
            .Execute();
}
