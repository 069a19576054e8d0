using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task<bool> SetReadReceiptsAsync(string userId, bool enabled, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Prepare("UPDATE users SET read_receipts = $enabled WHERE user_id = $id")
                .With("$id", userId)
                .With("$enabled", enabled ? 1 : 0)
                .Execute() == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> GetReadReceiptsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => (s.Prepare("SELECT read_receipts FROM users WHERE user_id = $id")
                .With("$id", userId)
                .ScalarInt64() ?? 1) != 0,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReadPositionRecord>> ListReadPositionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ReadPositionRecord>>(
            s => s.Prepare($"""
                    SELECT {Rows.UserColumns}, p.read_seq,
                           MAX(p.read_seq, COALESCE((SELECT MAX(d.delivered_seq) FROM device_cursors d
                                                     WHERE d.user_id = p.user_id AND d.conversation_id = p.conversation_id), 0))
                    FROM participants p JOIN users u ON u.user_id = p.user_id
                    WHERE p.conversation_id = $conversation AND u.read_receipts = 1
                    ORDER BY u.user_id
                    """)
                .With("$conversation", conversationId)
                .ReadList(r => new ReadPositionRecord(Rows.User(r), r.GetInt64(4), r.GetInt64(5))),
            cancellationToken);
}
