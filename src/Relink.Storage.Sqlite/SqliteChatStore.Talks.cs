using Microsoft.Data.Sqlite;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    // A talk's row. Activity is the later of the last message and the last open; a talk that has neither (only
    // GetTalkAsync shows such a one) dates from when the user joined. SQLite's MAX(a, b) is NULL if either is.
    private const string TalkSelect = """
        SELECT c.conversation_id, c.kind, p.peer_id,
               COALESCE(CASE c.kind WHEN 2 THEN g.name ELSE peer.nickname END, p.peer_id),
               COALESCE(CASE c.kind WHEN 2 THEN g.head ELSE peer.head END, ''),
               COALESCE(MAX(c.last_message_at, p.opened_at), c.last_message_at, p.opened_at, p.joined_at) AS activity,
               c.last_seq, p.read_seq, COALESCE(d.delivered_seq, p.read_seq)
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
                    .ReadList(ReadTalkRow);
                return talks.ConvertAll(talk => talk.WithLatest(s, latestPerTalk));
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
                .ReadFirstOrDefault(ReadTalkRow)
                ?.WithLatest(s, latestPerTalk),
            cancellationToken);
    }

    private static TalkRow ReadTalkRow(SqliteDataReader r) =>
        new(
            ConversationId: r.GetString(0),
            Kind: (ConversationKind)r.GetInt32(1),
            PeerId: r.GetString(2),
            Name: r.GetString(3),
            Head: r.GetString(4),
            LastActivity: UnixTime.FromMillis(r.GetInt64(5)),
            LastSeq: r.GetInt64(6),
            ReadSeq: r.GetInt64(7),
            DeliveredSeq: r.GetInt64(8));

    /// <summary>A talk before its messages are read.</summary>
    private sealed record TalkRow(
        string ConversationId,
        ConversationKind Kind,
        string PeerId,
        string Name,
        string Head,
        DateTimeOffset LastActivity,
        long LastSeq,
        long ReadSeq,
        long DeliveredSeq)
    {
        public TalkRecord WithLatest(StatementCache s, int latestPerTalk)
        {
            // At least one, for LastMessage, even when the caller wants no history.
            var newestFirst = LastSeq == 0
                ? []
                : s.Prepare($"SELECT {Rows.MessageColumns} FROM {Rows.MessageSource} WHERE m.conversation_id = $conversation ORDER BY m.seq DESC LIMIT $take")
                    .With("$conversation", ConversationId)
                    .With("$take", Math.Max(1, latestPerTalk))
                    .ReadList(Rows.Message);
            var latest = newestFirst.Take(latestPerTalk).Reverse().ToList();

            // Every message after the read cursor is from someone else: appending moves the sender's own cursor to
            // the new message in the same transaction. So unread is a subtraction, not a count over a 1,000-member
            // group's history.
            int unread = (int)Math.Min(int.MaxValue, LastSeq - ReadSeq);
            return new TalkRecord(
                ConversationId, Kind, PeerId, Name, Head, LastActivity,
                newestFirst.Count > 0 ? newestFirst[0] : null,
                LastSeq, ReadSeq, DeliveredSeq, unread, latest);
        }
    }
}
