using Relink.Storage.Relational;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    // When a talk was last active: the later of its last message and its last open, or when the user joined if it
    // has neither (only GetTalkAsync shows such a one). GREATEST skips NULLs.
    private const string TalkActivity = "COALESCE(GREATEST(c.last_message_at, p.opened_at), p.joined_at)";

    // The talk list's filter: open, or a message newer than the last deletion.
    private const string TalkListed = "(p.talk_open OR c.last_seq > p.deleted_at_seq)";

    private static readonly string TalkSelect = $"""
        SELECT c.conversation_id, c.kind, p.peer_id,
               COALESCE(CASE c.kind WHEN 2 THEN g.name ELSE peer.nickname END, p.peer_id),
               COALESCE(CASE c.kind WHEN 2 THEN g.head ELSE peer.head END, ''),
               {TalkActivity} AS activity,
               c.last_seq, p.read_seq, COALESCE(d.delivered_seq, p.read_seq), {Rows.VisibleFromSeq}, {Rows.Unread}
        FROM participants p
        JOIN conversations c ON c.conversation_id = p.conversation_id
        LEFT JOIN chat_groups g ON g.group_id = c.group_id
        LEFT JOIN users peer ON peer.user_id = p.peer_id AND c.kind = 1
        LEFT JOIN device_cursors d
               ON d.user_id = p.user_id AND d.conversation_id = p.conversation_id AND d.device_id = @device
        WHERE p.user_id = @user
        """;

    /// <inheritdoc />
    public Task OpenTalkAsync(IReadOnlyCollection<string> userIds, string conversationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(
            // One transaction: the users' rows change together or not at all.
            s => s.Sql("UPDATE participants SET talk_open = TRUE, opened_at = @at WHERE user_id = ANY(@users) AND conversation_id = @conversation")
                .With("users", userIds.ToArray())
                .With("conversation", conversationId)
                .With("at", UnixTime.ToMillis(at))
                .ExecuteAsync(s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteTalkAsync(string userId, string conversationId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            // Remembering last_seq at deletion is what lets the next message bring the talk back by itself.
            async s => await s.Sql($"""
                    UPDATE participants AS p SET talk_open = FALSE, deleted_at_seq = c.last_seq
                    FROM conversations c
                    WHERE c.conversation_id = p.conversation_id
                      AND p.user_id = @user AND p.conversation_id = @conversation
                      AND {TalkListed}
                    """)
                .With("user", userId)
                .With("conversation", conversationId)
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TalkRecord>> ListTalksAsync(string userId, string deviceId, int latestPerTalk, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latestPerTalk);
        return ReadAsync<IReadOnlyList<TalkRecord>>(
            async s =>
            {
                var rows = await s.Sql(TalkSelect + $"""

                          AND {TalkListed}
                        ORDER BY activity DESC, c.conversation_id COLLATE "C"
                        """)
                    .With("user", userId)
                    .With("device", deviceId)
                    .ReadListAsync(TalkRow.Read, s.CancellationToken);
                var talks = new List<TalkRecord>(rows.Count);
                foreach (var row in rows)
                {
                    talks.Add(await WithLatestAsync(s, row, latestPerTalk));
                }

                return talks;
            },
            cancellationToken,
            snapshot: true);
    }

    /// <inheritdoc />
    public Task<TalkRecord?> GetTalkAsync(string userId, string deviceId, string conversationId, int latestPerTalk, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latestPerTalk);
        return ReadAsync(
            async s =>
            {
                var row = await s.Sql(TalkSelect + " AND p.conversation_id = @conversation")
                    .With("user", userId)
                    .With("device", deviceId)
                    .With("conversation", conversationId)
                    .ReadFirstOrDefaultAsync(TalkRow.Read, s.CancellationToken);
                return row is null ? null : await WithLatestAsync(s, row, latestPerTalk);
            },
            cancellationToken,
            snapshot: true);
    }

    /// <summary>The talk with its latest messages, read in the same snapshot.</summary>
    private static async Task<TalkRecord> WithLatestAsync(PgSession s, TalkRow row, int latestPerTalk)
    {
        int take = row.MessagesToRead(latestPerTalk);
        var newestFirst = take == 0
            ? []
            : await s.Sql($"SELECT {Rows.MessageColumns} FROM {Rows.MessageSource} WHERE m.conversation_id = @conversation AND m.seq >= @from ORDER BY m.seq DESC LIMIT @take")
                .With("conversation", row.ConversationId)
                .With("from", row.VisibleFromSeq)
                .With("take", take)
                .ReadListAsync(Rows.Message, s.CancellationToken);
        return row.WithLatest(newestFirst, latestPerTalk);
    }
}
