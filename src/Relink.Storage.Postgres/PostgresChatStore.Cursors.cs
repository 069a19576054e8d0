using Npgsql;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    // One cursor moves forward, clamped to last_seq. A device's first row starts from the user's read cursor (its
    // implied value), so reporting less than that is not a move back; an existing row only ever grows.
    private const string AdvanceDeliveredSql = """
        INSERT INTO device_cursors (user_id, conversation_id, device_id, delivered_seq)
        SELECT p.user_id, p.conversation_id, @device, GREATEST(p.read_seq, LEAST(@seq, c.last_seq))
        FROM participants p JOIN conversations c ON c.conversation_id = p.conversation_id
        WHERE p.user_id = @user AND p.conversation_id = @conversation
        ON CONFLICT (user_id, conversation_id, device_id) DO UPDATE
        SET delivered_seq = GREATEST(device_cursors.delivered_seq,
            LEAST(@seq, (SELECT last_seq FROM conversations WHERE conversation_id = @conversation)))
        """;

    // One statement moves the cursor (never back, never past last_seq) and says where it is and what is left unread.
    private static readonly string MarkReadSql = $"""
        WITH target AS (
            SELECT p.user_id, p.conversation_id, c.last_seq, p.read_seq,
                   GREATEST(p.read_seq, LEAST(@seq, c.last_seq)) AS new_read
            FROM participants p JOIN conversations c ON c.conversation_id = p.conversation_id
            WHERE p.user_id = @user AND p.conversation_id = @conversation),
        moved AS (
            UPDATE participants p SET read_seq = t.new_read
            FROM target t
            WHERE p.user_id = t.user_id AND p.conversation_id = t.conversation_id AND p.read_seq < t.new_read)
        SELECT new_read, last_seq - new_read - {Rows.NotNewsAfter("target.conversation_id", "target.new_read")}, new_read > read_seq
        FROM target
        """;

    /// <inheritdoc />
    public Task<ReadMark> MarkReadAsync(string userId, string conversationId, long seq, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async s =>
            {
                var mark = await s.Sql(MarkReadSql)
                    .With("user", userId)
                    .With("conversation", conversationId)
                    .With("seq", seq)
                    .ReadFirstOrDefaultAsync(r => new ReadMark(r.GetInt64(0), (int)Math.Min(int.MaxValue, r.GetInt64(1)), r.GetBoolean(2)), s.CancellationToken);
                return mark ?? new ReadMark(0, 0, Moved: false);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task AdvanceDeliveredAsync(string userId, string deviceId, IReadOnlyList<DeliveryCursor> cursors, CancellationToken cancellationToken = default)
    {
        if (cursors.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Every cursor of the report in one round trip: one batch, no explicit transaction (PostgreSQL runs a batch as
        // one implicit transaction and commits it before it answers), so no BEGIN or COMMIT of its own. Rows are
        // written in conversation order, the order the append batches lock in, so the two never wait on each other
        // in a circle.
        return RunAsync(
            _dataSource,
            async s =>
            {
                var batch = s.Batch();
                foreach (var cursor in cursors.OrderBy(c => c.ConversationId, StringComparer.Ordinal))
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(AdvanceDeliveredSql)
                        .With("user", userId)
                        .With("device", deviceId)
                        .With("conversation", cursor.ConversationId)
                        .With("seq", cursor.Seq));
                }

                return await batch.ExecuteNonQueryAsync(s.CancellationToken);
            },
            isolation: null,
            cancellationToken);
    }
}
