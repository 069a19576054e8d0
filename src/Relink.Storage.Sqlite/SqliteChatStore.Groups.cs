using System.Globalization;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public Task<GroupRecord> CreateGroupAsync(string ownerId, string name, string head, IReadOnlyList<string> memberIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        long millis = UnixTime.ToMillis(at);
        var members = memberIds.Prepend(ownerId).Distinct(StringComparer.Ordinal).ToList();
        return WriteAndSignalAsync(
            s =>
            {
                long number = s.Prepare("""
                        INSERT INTO chat_groups (name, head, owner_id, created_at) VALUES ($name, $head, $owner, $at)
                        RETURNING group_id
                        """)
                    .With("$name", name)
                    .With("$head", head)
                    .With("$owner", ownerId)
                    .With("$at", millis)
                    .ScalarInt64()!.Value;
                string groupId = number.ToString(CultureInfo.InvariantCulture);
                string conversationId = ConversationId.Group(groupId);
                CreateConversation(s, conversationId, ConversationKind.Group, millis, number);
                foreach (string member in members)
                {
                    AddParticipant(s, member, conversationId, peerId: groupId, readSeq: 0, millis);
                    RecordMembership(s, groupId, member, MembershipChange.Created, millis);
                }

                return new GroupRecord(groupId, name, head, ownerId, members.Count, UnixTime.FromMillis(millis));
            },
            g => ConversationId.Group(g.GroupId),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<GroupRecord?> FindGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        if (Rows.GroupNumber(groupId) is not { } number)
        {
            return Task.FromResult<GroupRecord?>(null);
        }

        return ReadAsync(
            s => s.Prepare($"SELECT {Rows.GroupColumns} FROM chat_groups g WHERE g.group_id = $id")
                .With("$id", number)
                .ReadFirstOrDefault(Rows.Group),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> AddGroupMemberAsync(string groupId, string userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        string conversationId = ConversationId.Group(groupId);
        long millis = UnixTime.ToMillis(at);
        return WriteAndSignalAsync(
            s =>
            {
                // Reading last_seq in the writer's transaction: no append can slip between it and the insert, so
                // the newcomer's cursor is exactly the history they are not asked to read.
                long lastSeq = LastSeqOf(s, conversationId)
                    ?? throw new ArgumentException($"There is no group '{groupId}'.", nameof(groupId));
                bool added = AddParticipant(s, userId, conversationId, peerId: groupId, readSeq: lastSeq, millis) == 1;
                if (added)
                {
                    RecordMembership(s, groupId, userId, MembershipChange.Joined, millis);
                }

                return added;
            },
            added => added ? conversationId : null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveGroupMemberAsync(string groupId, string userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        string conversationId = ConversationId.Group(groupId);
        long millis = UnixTime.ToMillis(at);
        return WriteAndSignalAsync(
            s =>
            {
                bool removed = s.Prepare("DELETE FROM participants WHERE user_id = $user AND conversation_id = $conversation")
                    .With("$user", userId)
                    .With("$conversation", conversationId)
                    .Execute() == 1;
                if (removed)
                {
                    RecordMembership(s, groupId, userId, MembershipChange.Left, millis);
                }

                return removed;
            },
            removed => removed ? conversationId : null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> IsGroupMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Prepare("SELECT 1 FROM participants WHERE user_id = $user AND conversation_id = $conversation")
                .With("$user", userId)
                .With("$conversation", ConversationId.Group(groupId))
                .ScalarInt64() is not null,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<GroupRecord>> ListGroupsOfUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<GroupRecord>>(
            s => s.Prepare($"""
                    SELECT {Rows.GroupColumns}
                    FROM participants p
                    JOIN conversations c ON c.conversation_id = p.conversation_id
                    JOIN chat_groups g ON g.group_id = c.group_id
                    WHERE p.user_id = $user
                    ORDER BY g.name, g.group_id
                    """)
                .With("$user", userId)
                .ReadList(Rows.Group),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UserRecord>> ListGroupMembersAsync(string groupId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<UserRecord>>(
            s => s.Prepare($"""
                    SELECT {Rows.UserColumns} FROM participants p JOIN users u ON u.user_id = p.user_id
                    WHERE p.conversation_id = $conversation
                    ORDER BY u.nickname_folded, u.user_id
                    """)
                .With("$conversation", ConversationId.Group(groupId))
                .ReadList(Rows.User),
            cancellationToken);
}
