using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public Task<bool> SetReadReceiptsAsync(string userId, bool enabled, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async s => await s.Sql("UPDATE users SET read_receipts = @enabled WHERE user_id = @id")
                .With("id", userId)
                .With("enabled", enabled)
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);

    // 1 when @id shares read receipts, 0 when not, no row for an unknown user (who counts as sharing them).
    private const string ReadReceiptsOfUser = "SELECT CASE WHEN read_receipts THEN 1 ELSE 0 END FROM users WHERE user_id = @id";

    /// <inheritdoc />
    public Task<bool> GetReadReceiptsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async s => await s.Sql(ReadReceiptsOfUser)
                .With("id", userId)
                .ScalarInt64Async(s.CancellationToken) != 0,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReadPositionRecord>> ListReadPositionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ReadPositionRecord>>(
            async s => await s.Sql($"""
                    SELECT {Rows.UserColumns}, p.read_seq,
                           GREATEST(p.read_seq, COALESCE((SELECT MAX(d.delivered_seq) FROM device_cursors d
                                                          WHERE d.user_id = p.user_id AND d.conversation_id = p.conversation_id), 0))
                    FROM participants p JOIN users u ON u.user_id = p.user_id
                    WHERE p.conversation_id = @conversation AND u.read_receipts
                    ORDER BY u.user_id COLLATE "C"
                    """)
                .With("conversation", conversationId)
                .ReadListAsync(r => new ReadPositionRecord(Rows.User(r), r.GetInt64(4), r.GetInt64(5)), s.CancellationToken),
            cancellationToken);
}
