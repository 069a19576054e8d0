using System.Globalization;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public async Task<GroupRecord> CreateGroupAsync(string ownerId, string name, string head, IReadOnlyList<string> memberIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        long millis = UnixTime.ToMillis(at);
        var members = memberIds.Prepend(ownerId).Distinct(StringComparer.Ordinal).ToList();
        var group = await WriteAsync(
            async s =>
            {
                long number = (await s.Sql("""
                        INSERT INTO chat_groups (name, head, owner_id, created_at) VALUES (@name, @head, @owner, @at)
                        RETURNING group_id
                        """)
                    .With("name", name)
                    .With("head", head)
                    .With("owner", ownerId)
                    .With("at", millis)
                    .ScalarInt64Async(s.CancellationToken))!.Value;
                string groupId = number.ToString(CultureInfo.InvariantCulture);
                string conversationId = ConversationId.Group(groupId);
                await CreateConversationAsync(s, conversationId, ConversationKind.Group, millis, number);
                foreach (string member in members)
                {
                    await AddParticipantAsync(s, member, conversationId, peerId: groupId, readSeq: 0, millis);
                    await RecordMembershipAsync(s, groupId, member, MembershipChange.Created, millis);
                }

                return new GroupRecord(groupId, name, head, ownerId, members.Count, UnixTime.FromMillis(millis));
            },
            cancellationToken);
        _webhookCommitted?.Invoke(ConversationId.Group(group.GroupId));
        return group;
    }

    /// <inheritdoc />
    public Task<GroupRecord?> FindGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        if (Rows.GroupNumber(groupId) is not { } number)
        {
            return Task.FromResult<GroupRecord?>(null);
        }

        return ReadAsync(
            s => s.Sql($"SELECT {Rows.GroupColumns} FROM chat_groups g WHERE g.group_id = @id")
                .With("id", number)
                .ReadFirstOrDefaultAsync(Rows.Group, s.CancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> AddGroupMemberAsync(string groupId, string userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        string conversationId = ConversationId.Group(groupId);
        long millis = UnixTime.ToMillis(at);
        bool added = await WriteAsync(
            async s =>
            {
                // The conversation's row lock (the one appends take) keeps any append from slipping between this
                // read and the insert, so the newcomer's cursor is exactly the history they are not asked to read.
                long lastSeq = await LastSeqOfAsync(s, conversationId, lockRow: true)
                    ?? throw new ArgumentException($"There is no group '{groupId}'.", nameof(groupId));
                bool added = await AddParticipantAsync(s, userId, conversationId, peerId: groupId, readSeq: lastSeq, millis) == 1;
                if (added)
                {
                    await RecordMembershipAsync(s, groupId, userId, MembershipChange.Joined, millis);
                }

                return added;
            },
            cancellationToken);
        if (added)
        {
            _webhookCommitted?.Invoke(conversationId);
        }

        return added;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveGroupMemberAsync(string groupId, string userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        string conversationId = ConversationId.Group(groupId);
        long millis = UnixTime.ToMillis(at);
        bool removed = await WriteAsync(
            async s =>
            {
                bool removed = await s.Sql("DELETE FROM participants WHERE user_id = @user AND conversation_id = @conversation")
                    .With("user", userId)
                    .With("conversation", conversationId)
                    .ExecuteAsync(s.CancellationToken) == 1;
                if (removed)
                {
                    await RecordMembershipAsync(s, groupId, userId, MembershipChange.Left, millis);
                }

                return removed;
            },
            cancellationToken);
        if (removed)
        {
            _webhookCommitted?.Invoke(conversationId);
        }

        return removed;
    }

    /// <inheritdoc />
    public Task<bool> IsGroupMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async s => await s.Sql("SELECT 1 FROM participants WHERE user_id = @user AND conversation_id = @conversation")
                .With("user", userId)
                .With("conversation", ConversationId.Group(groupId))
                .ScalarInt64Async(s.CancellationToken) is not null,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<GroupRecord>> ListGroupsOfUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<GroupRecord>>(
            async s => await s.Sql($"""
                    SELECT {Rows.GroupColumns}
                    FROM participants p
                    JOIN conversations c ON c.conversation_id = p.conversation_id
                    JOIN chat_groups g ON g.group_id = c.group_id
                    WHERE p.user_id = @user
                    ORDER BY g.name COLLATE "C", g.group_id
                    """)
                .With("user", userId)
                .ReadListAsync(Rows.Group, s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UserRecord>> ListGroupMembersAsync(string groupId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<UserRecord>>(
            async s => await s.Sql($"""
                    SELECT {Rows.UserColumns} FROM participants p JOIN users u ON u.user_id = p.user_id
                    WHERE p.conversation_id = @conversation
                    ORDER BY u.nickname_folded COLLATE "C", u.user_id COLLATE "C"
                    """)
                .With("conversation", ConversationId.Group(groupId))
                .ReadListAsync(Rows.User, s.CancellationToken),
            cancellationToken);
}
