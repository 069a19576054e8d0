using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<TalkBehind>> ListTalksBehindAsync(string userId, string deviceId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync<IReadOnlyList<TalkBehind>>(
            // The talk list's filter and order (see TalkSelect), over the participant rows and cursors only: one
            // index range of the user's participations, no message rows.
            s => s.Prepare("""
                    SELECT c.conversation_id, c.kind, p.peer_id, c.last_seq, COALESCE(d.delivered_seq, p.read_seq) AS delivered
                    FROM participants p
                    JOIN conversations c ON c.conversation_id = p.conversation_id
                    LEFT JOIN device_cursors d
                           ON d.user_id = p.user_id AND d.conversation_id = p.conversation_id AND d.device_id = $device
                    WHERE p.user_id = $user
                      AND (p.talk_open = 1 OR c.last_seq > p.deleted_at_seq)
                      AND c.last_seq > COALESCE(d.delivered_seq, p.read_seq)
                    ORDER BY COALESCE(MAX(c.last_message_at, p.opened_at), c.last_message_at, p.opened_at, p.joined_at) DESC, c.conversation_id
                    LIMIT $limit
                    """)
                .With("$user", userId)
                .With("$device", deviceId)
                .With("$limit", limit)
                .ReadList(r => new TalkBehind(r.GetString(0), (ConversationKind)r.GetInt32(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4))),
            cancellationToken);
    }
}
