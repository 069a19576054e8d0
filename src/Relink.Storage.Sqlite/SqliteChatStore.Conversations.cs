using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <summary>Creates a conversation unless it exists; friendships and groups both start with one.</summary>
    private static void CreateConversation(StatementCache s, string conversationId, ConversationKind kind, long millis, long? groupId = null) =>
        s.Prepare("""
                INSERT INTO conversations (conversation_id, kind, group_id, created_at) VALUES ($id, $kind, $group, $at)
                ON CONFLICT (conversation_id) DO NOTHING
                """)
            .With("$id", conversationId)
            .With("$kind", (int)kind)
            .With("$group", groupId)
            .With("$at", millis)
            .Execute();

    /// <summary>Creates two users' direct conversation, with both as participants, unless it exists.</summary>
    private static int CreateDirectConversation(StatementCache s, string userA, string userB, long millis)
    {
        string conversationId = ConversationId.Direct(userA, userB);
        CreateConversation(s, conversationId, ConversationKind.Direct, millis);
        return AddParticipant(s, userA, conversationId, peerId: userB, readSeq: 0, millis)
            + AddParticipant(s, userB, conversationId, peerId: userA, readSeq: 0, millis);
    }

    /// <summary>Makes a user a participant unless they are; 1 when added. <paramref name="peerId"/> is what their talk list shows.</summary>
    private static int AddParticipant(StatementCache s, string userId, string conversationId, string peerId, long readSeq, long millis) =>
        s.Prepare("""
                INSERT INTO participants (user_id, conversation_id, peer_id, read_seq, joined_at)
                VALUES ($user, $conversation, $peer, $read, $at)
                ON CONFLICT (user_id, conversation_id) DO NOTHING
                """)
            .With("$user", userId)
            .With("$conversation", conversationId)
            .With("$peer", peerId)
            .With("$read", readSeq)
            .With("$at", millis)
            .Execute();

    /// <summary>The conversation's last sequence number, or null when it does not exist.</summary>
    private static long? LastSeqOf(StatementCache s, string conversationId) =>
        s.Prepare("SELECT last_seq FROM conversations WHERE conversation_id = $id")
            .With("$id", conversationId)
            .ScalarInt64();
}
