using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <summary>Creates a conversation unless it exists; friendships and groups both start with one.</summary>
    private static Task<int> CreateConversationAsync(PgSession s, string conversationId, ConversationKind kind, long millis, long? groupId = null) =>
        s.Sql("""
                INSERT INTO conversations (conversation_id, kind, group_id, created_at) VALUES (@id, @kind, @group, @at)
                ON CONFLICT (conversation_id) DO NOTHING
                """)
            .With("id", conversationId)
            .With("kind", (int)kind)
            .With("group", groupId)
            .With("at", millis)
            .ExecuteAsync(s.CancellationToken);

    /// <summary>Creates two users' direct conversation, with both as participants, unless it exists.</summary>
    private static async Task<int> CreateDirectConversationAsync(PgSession s, string userA, string userB, long millis)
    {
        string conversationId = ConversationId.Direct(userA, userB);
        await CreateConversationAsync(s, conversationId, ConversationKind.Direct, millis);
        return await AddParticipantAsync(s, userA, conversationId, peerId: userB, readSeq: 0, millis)
            + await AddParticipantAsync(s, userB, conversationId, peerId: userA, readSeq: 0, millis);
    }

    /// <summary>Makes a user a participant unless they are; 1 when added. <paramref name="peerId"/> is what their talk list shows.</summary>
    private static Task<int> AddParticipantAsync(PgSession s, string userId, string conversationId, string peerId, long readSeq, long millis) =>
        s.Sql("""
                INSERT INTO participants (user_id, conversation_id, peer_id, read_seq, joined_at)
                VALUES (@user, @conversation, @peer, @read, @at)
                ON CONFLICT (user_id, conversation_id) DO NOTHING
                """)
            .With("user", userId)
            .With("conversation", conversationId)
            .With("peer", peerId)
            .With("read", readSeq)
            .With("at", millis)
            .ExecuteAsync(s.CancellationToken);

    /// <summary>The conversation's last sequence number, or null when it does not exist.</summary>
    private static Task<long?> LastSeqOfAsync(PgSession s, string conversationId, bool lockRow = false) =>
        s.Sql("SELECT last_seq FROM conversations WHERE conversation_id = @id" + (lockRow ? " FOR UPDATE" : ""))
            .With("id", conversationId)
            .ScalarInt64Async(s.CancellationToken);
}
