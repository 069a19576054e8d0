using Relink.Storage.Relational;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    // A talk's row. Activity is the later of the last message and the last open; a talk that has neither (only
    // GetTalkAsync shows such a one) dates from when the user joined. SQLite's MAX(a, b) is NULL if either is.
    private static readonly string TalkSelect = $"""
        SELECT c.conversation_id, c.kind, p.peer_id,
               COALESCE(CASE c.kind WHEN 2 THEN g.name ELSE peer.nickname END, p.peer_id),
               COALESCE(CASE c.kind WHEN 2 THEN g.head ELSE peer.head END, ''),
               COALESCE(MAX(c.last_message_at, p.opened_at), c.last_message_at, p.opened_at, p.joined_at) AS activity,
               c.last_seq, p.read_seq, COALESCE(d.delivered_seq, p.read_seq), {Rows.VisibleFromSeq}, {Rows.Unread}
        FROM participants p
        JOIN conversations c ON c.conversation_id = p.conversation_id
        LEFT JOIN chat_groups g ON g.group_id = c.group_id
        LEFT JOIN users peer ON peer.user_id = p.peer_id AND c.kind = 1
        LEFT JOIN device_cursors d
               ON d.user_id = p.user_id AND d.conversation_id = p.conversation_id AND d.device_id = $device
        WHERE p.user_id = $user
        """;

    /// <inheritdoc />
    public Task OpenTalkAsync(IReadOnlyCollection<string> userIds, string conversationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(
            // Each write runs under its own savepoint, so the users' rows change together or not at all.
            s =>
            {
                foreach (string userId in userIds)
                {
                    s.Prepare("UPDATE participants SET talk_open = 1, opened_at = $at WHERE user_id = $user AND conversation_id = $conversation")
                        .With("$user", userId)
                        .With("$conversation", conversationId)
                        .With("$at", UnixTime.ToMillis(at))
                        .Execute();
                }

                return 0;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteTalkAsync(string userId, string conversationId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            // Remembering last_seq at deletion is what lets the next message bring the talk back by itself.
            s => s.Prepare("""
                    UPDATE participants AS p SET talk_open = 0, deleted_at_seq = c.last_seq
                    FROM conversations c
                    WHERE c.conversation_id = p.conversation_id
                      AND p.user_id = $user AND p.conversation_id = $conversation
                      AND (p.talk_open = 1 OR c.last_seq > p.deleted_at_seq)
                    """)
                .With("$user", userId)
                .With("$conversation", conversationId)
                .Execute() == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TalkRecord>> ListTalksAsync(string userId, string deviceId, int latestPerTalk, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latestPerTalk);
        return ReadAsync<IReadOnlyList<TalkRecord>>(
            s =>
            {
                var talks = s.Prepare(TalkSelect + """

                          AND (p.talk_open = 1 OR c.last_seq > p.deleted_at_seq)
                        ORDER BY activity DESC, c.conversation_id
                        """)
                    .With("$user", userId)
                    .With("$device", deviceId)
                    .ReadList(TalkRow.Read);
                return talks.ConvertAll(talk => WithLatest(s, talk, latestPerTalk));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<TalkRecord?> GetTalkAsync(string userId, string deviceId, string conversationId, int latestPerTalk, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latestPerTalk);
        return ReadAsync(
            s => s.Prepare(TalkSelect + " AND p.conversation_id = $conversation")
                .With("$user", userId)
                .With("$device", deviceId)
                .With("$conversation", conversationId)
                .ReadFirstOrDefault(TalkRow.Read) is { } row
                    ? WithLatest(s, row, latestPerTalk)
                    : null,
            cancellationToken);
    }

    /// <summary>The talk with its latest messages, read in the same transaction.</summary>
    private static TalkRecord WithLatest(StatementCache s, TalkRow row, int latestPerTalk)
    {
        int take = row.MessagesToRead(latestPerTalk);
        var newestFirst = take == 0
            ? []
            : s.Prepare($"SELECT {Rows.MessageColumns} FROM {Rows.MessageSource} WHERE m.conversation_id = $conversation AND m.seq >= $from ORDER BY m.seq DESC LIMIT $take")
                .With("$conversation", row.ConversationId)
                .With("$from", row.VisibleFromSeq)
                .With("$take", take)
                .ReadList(Rows.Message);
        return row.WithLatest(newestFirst, latestPerTalk);
    }
}
