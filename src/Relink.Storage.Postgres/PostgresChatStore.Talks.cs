using System.Data.Common;
using Npgsql;
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

    private static readonly string TalkColumns = $"""
        c.conversation_id, c.kind, p.peer_id,
               COALESCE(CASE c.kind WHEN 2 THEN g.name ELSE peer.nickname END, p.peer_id),
               COALESCE(CASE c.kind WHEN 2 THEN g.head ELSE peer.head END, ''),
               {TalkActivity} AS activity,
               c.last_seq, p.read_seq, COALESCE(d.delivered_seq, p.read_seq), {Rows.VisibleFromSeq}, {Rows.Unread}
        """;

    private const string TalkSource = """
        participants p
        JOIN conversations c ON c.conversation_id = p.conversation_id
        LEFT JOIN chat_groups g ON g.group_id = c.group_id
        LEFT JOIN users peer ON peer.user_id = p.peer_id AND c.kind = 1
        LEFT JOIN device_cursors d
               ON d.user_id = p.user_id AND d.conversation_id = p.conversation_id AND d.device_id = @device
        """;

    private static readonly string TalkSelect = $"SELECT {TalkColumns}\nFROM {TalkSource}\nWHERE p.user_id = @user";

    /// <summary>
    /// The talk list with each talk's latest messages in one statement (one snapshot, one round trip): a talk row per
    /// message, newest first within the talk (a talk without messages once, with NULL message columns). A talk
    /// reads at least one message (its last) whatever @take says, as <see cref="TalkRow.MessagesToRead"/>: @take is
    /// GREATEST(1, latest per talk). Messages before the user may see (<see cref="RelationalRows.VisibleFromSeq"/>)
    /// are not read, so a talk whose messages all are comes with none, as one with none at all.
    /// </summary>
    private static readonly string TalkListWithLatest = $"""
        SELECT {TalkColumns}, lm.*
        FROM {TalkSource}
        LEFT JOIN LATERAL (
            SELECT {Rows.MessageColumns} FROM {Rows.MessageSource}
            WHERE m.conversation_id = p.conversation_id AND m.seq >= {Rows.VisibleFromSeq}
            ORDER BY m.seq DESC LIMIT @take) lm ON TRUE
        WHERE p.user_id = @user AND {TalkListed}
        ORDER BY activity DESC, c.conversation_id COLLATE "C", lm.seq DESC
        """;

    /// <summary>The column of <see cref="TalkListWithLatest"/> where a message's columns begin.</summary>
    private const int TalkColumnCount = 11;

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
                var command = s.Sql(TalkListWithLatest);
                command.Parameters.AddRange(TalkListParameters(userId, deviceId, latestPerTalk));
                await using var reader = await command.ExecuteReaderAsync(s.CancellationToken);
                return await ReadTalkListAsync(reader, latestPerTalk, s.CancellationToken);
            },
            cancellationToken);
    }

    /// <summary><see cref="TalkListWithLatest"/>'s parameters, for a command or a batch's command.</summary>
    private static NpgsqlParameter[] TalkListParameters(string userId, string deviceId, int latestPerTalk) =>
    [
        new("user", userId),
        new("device", deviceId),
        new("take", Math.Max(1, latestPerTalk)),
    ];

    /// <summary>Reads the rows of <see cref="TalkListWithLatest"/> (the reader's current result) into talks.</summary>
    private static async Task<IReadOnlyList<TalkRecord>> ReadTalkListAsync(DbDataReader reader, int latestPerTalk, CancellationToken cancellationToken)
    {
        var talks = new List<TalkRecord>();
        TalkRow? talk = null;
        var newestFirst = new List<StoredMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            string conversationId = reader.GetString(0);
            if (talk is not null && talk.ConversationId != conversationId)
            {
                talks.Add(talk.WithLatest(newestFirst, latestPerTalk));
                newestFirst = [];
            }

            talk = talk?.ConversationId == conversationId ? talk : TalkRow.Read(reader);
            if (!reader.IsDBNull(TalkColumnCount))
            {
                newestFirst.Add(Rows.Message(reader, TalkColumnCount));
            }
        }

        if (talk is not null)
        {
            talks.Add(talk.WithLatest(newestFirst, latestPerTalk));
        }

        return talks;
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
