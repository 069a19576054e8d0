using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<TalkBehind>> ListTalksBehindAsync(string userId, string deviceId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync<IReadOnlyList<TalkBehind>>(
            // The talk list's filter and order, over the participant rows and cursors only: no message rows.
            async s => await s.Sql($"""
                    SELECT c.conversation_id, c.kind, p.peer_id, c.last_seq, COALESCE(d.delivered_seq, p.read_seq) AS delivered
                    FROM participants p
                    JOIN conversations c ON c.conversation_id = p.conversation_id
                    LEFT JOIN device_cursors d
                           ON d.user_id = p.user_id AND d.conversation_id = p.conversation_id AND d.device_id = @device
                    WHERE p.user_id = @user
                      AND {TalkListed}
                      AND c.last_seq > COALESCE(d.delivered_seq, p.read_seq)
                    ORDER BY {TalkActivity} DESC, c.conversation_id COLLATE "C"
                    LIMIT @limit
                    """)
                .With("user", userId)
                .With("device", deviceId)
                .With("limit", limit)
                .ReadListAsync(r => new TalkBehind(r.GetString(0), (ConversationKind)r.GetInt32(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4)), s.CancellationToken),
            cancellationToken);
    }
}
