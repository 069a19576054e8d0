using System.Globalization;
using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite;

public sealed partial class SqliteChatStore
{
    // An invite code of the group that still lets someone in at $at.
    private const string InviteUsable =
        "group_id = $group AND code = $code AND (expires_at IS NULL OR expires_at > $at) AND (max_uses IS NULL OR uses < max_uses)";

    /// <inheritdoc />
    public Task<GroupRecord> CreateGroupAsync(NewGroup group, CancellationToken cancellationToken = default)
    {
        long millis = UnixTime.ToMillis(group.At);
        var members = group.MemberIds.Prepend(group.OwnerId).Distinct(StringComparer.Ordinal).ToList();
        return WriteAndSignalAsync(
            s =>
            {
                long number = s.Prepare("""
                        INSERT INTO chat_groups (name, head, owner_id, created_at, is_public, history_visibility)
                        VALUES ($name, $head, $owner, $at, $public, $history)
                        RETURNING group_id
                        """)
                    .With("$name", group.Name)
                    .With("$head", group.Head)
                    .With("$owner", group.OwnerId)
                    .With("$at", millis)
                    .With("$public", group.IsPublic ? 1 : 0)
                    .With("$history", (int)group.History)
                    .ScalarInt64()!.Value;
                string groupId = number.ToString(CultureInfo.InvariantCulture);
                string conversationId = ConversationId.Group(groupId);
                CreateConversation(s, conversationId, ConversationKind.Group, millis, number);
                foreach (string member in members)
                {
                    AddParticipant(s, member, conversationId, peerId: groupId, readSeq: 0, millis);
                    RecordMembership(s, groupId, member, MembershipChange.Created, millis);
                }

                SetRole(s, conversationId, group.OwnerId, GroupRole.Owner);
                return ReadGroup(s, number)!;
            },
            g => ConversationId.Group(g.GroupId),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<GroupRecord?> FindGroupAsync(string groupId, CancellationToken cancellationToken = default) =>
        Rows.GroupNumber(groupId) is { } number
            ? ReadAsync(s => ReadGroup(s, number), cancellationToken)
            : Task.FromResult<GroupRecord?>(null);

    /// <inheritdoc />
    public Task<GroupChangeResult?> AddGroupMemberAsync(string groupId, string userId, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(groupId, (s, number, conversationId, millis) => AddMember(s, groupId, conversationId, userId, actorId, millis), at, cancellationToken);

    /// <inheritdoc />
    public Task<GroupChangeResult?> JoinGroupWithInviteAsync(string groupId, string code, string userId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(
            groupId,
            (s, number, conversationId, millis) =>
            {
                // Not yet a member, so the use is theirs: counted in the statement that checks the code.
                bool alreadyMember = MemberRole(s, conversationId, userId) is not null;
                bool valid = alreadyMember
                    ? s.Prepare($"SELECT 1 FROM group_invites WHERE {InviteUsable}").With("$group", number).With("$code", code).With("$at", millis).ScalarInt64() is not null
                    : s.Prepare($"UPDATE group_invites SET uses = uses + 1 WHERE {InviteUsable}").With("$group", number).With("$code", code).With("$at", millis).Execute() == 1;
                return !valid ? null : alreadyMember ? [] : AddMember(s, groupId, conversationId, userId, userId, millis);
            },
            at,
            cancellationToken);

    /// <inheritdoc />
    public Task<GroupChangeResult?> RemoveGroupMemberAsync(string groupId, string userId, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(
            groupId,
            (s, number, conversationId, millis) =>
            {
                if (MemberRole(s, conversationId, userId) is not { } role)
                {
                    return [];
                }

                var kind = userId == actorId ? MessageKind.MemberLeft : MessageKind.MemberRemoved;
                var events = new List<StoredMessage> { AppendGroupEvent(s, conversationId, actorId, kind, GroupEventText.Member(userId, NicknameOf(s, userId)), millis) };
                s.Prepare("DELETE FROM participants WHERE user_id = $user AND conversation_id = $conversation")
                    .With("$user", userId)
                    .With("$conversation", conversationId)
                    .Execute();
                RecordMembership(s, groupId, userId, MembershipChange.Left, millis);
                if (role == GroupRole.Owner && NextOwner(s, conversationId) is { } heir)
                {
                    events.Add(GiveRole(s, number, conversationId, heir, GroupRole.Owner, actorId, millis));
                }

                return events;
            },
            at,
            cancellationToken);

    /// <inheritdoc />
    public Task<GroupChangeResult?> SetGroupRoleAsync(string groupId, string userId, GroupRole role, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(
            groupId,
            (s, number, conversationId, millis) =>
            {
                var current = MemberRole(s, conversationId, userId);
                if (current is null || current == role || current == GroupRole.Owner)
                {
                    return [];
                }

                var events = new List<StoredMessage> { GiveRole(s, number, conversationId, userId, role, actorId, millis) };
                if (role == GroupRole.Owner)
                {
                    if (s.Prepare("SELECT user_id FROM participants WHERE conversation_id = $conversation AND role = 2 AND user_id <> $user")
                            .With("$conversation", conversationId)
                            .With("$user", userId)
                            .ReadFirstOrDefault(r => r.GetString(0)) is { } formerOwner)
                    {
                        events.Add(GiveRole(s, number, conversationId, formerOwner, GroupRole.Admin, actorId, millis));
                    }
                }

                return events;
            },
            at,
            cancellationToken);

    /// <inheritdoc />
    public Task<GroupChangeResult?> UpdateGroupAsync(string groupId, GroupSettingsChange change, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (Rows.GroupNumber(groupId) is not { } number)
        {
            return Task.FromResult<GroupChangeResult?>(null);
        }

        string conversationId = ConversationId.Group(groupId);
        long millis = UnixTime.ToMillis(at);
        return WriteAndSignalAsync(
            s =>
            {
                if (ReadGroup(s, number) is not { } before)
                {
                    return null;
                }

                var events = new List<StoredMessage>();
                if (change.Name is { } name && name != before.Name)
                {
                    events.Add(AppendGroupEvent(s, conversationId, actorId, MessageKind.GroupRenamed, name, millis));
                }

                s.Prepare("""
                        UPDATE chat_groups
                        SET name = COALESCE($name, name), is_public = COALESCE($public, is_public),
                            history_visibility = COALESCE($history, history_visibility)
                        WHERE group_id = $group
                        """)
                    .With("$group", number)
                    .With("$name", change.Name)
                    .With("$public", change.IsPublic is { } isPublic ? (isPublic ? 1 : 0) : null)
                    .With("$history", change.History is { } history ? (int)history : null)
                    .Execute();
                var after = ReadGroup(s, number)!;
                return new GroupChangeResult(after, events, SettingsChanged: after with { Name = before.Name } != before);
            },
            r => r is { Events.Count: > 0 } ? conversationId : null,
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
    public Task<GroupMemberRecord?> FindGroupMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Prepare($"""
                    SELECT {Rows.GroupMemberColumns} FROM {Rows.GroupMemberSource}
                    WHERE p.user_id = $user AND p.conversation_id = $conversation
                    """)
                .With("$user", userId)
                .With("$conversation", ConversationId.Group(groupId))
                .ReadFirstOrDefault(Rows.GroupMember),
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
    public async Task<IReadOnlyList<UserRecord>> ListGroupMembersAsync(string groupId, CancellationToken cancellationToken = default) =>
        (await ListGroupMemberRolesAsync(groupId, cancellationToken)).Select(m => m.User).ToList();

    /// <inheritdoc />
    public Task<IReadOnlyList<GroupMemberRecord>> ListGroupMemberRolesAsync(string groupId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<GroupMemberRecord>>(
            s => s.Prepare($"""
                    SELECT {Rows.GroupMemberColumns} FROM {Rows.GroupMemberSource}
                    WHERE p.conversation_id = $conversation
                    ORDER BY u.nickname_folded, u.user_id
                    """)
                .With("$conversation", ConversationId.Group(groupId))
                .ReadList(Rows.GroupMember),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> CreateGroupInviteAsync(GroupInviteRecord invite, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Prepare($"""
                    INSERT INTO group_invites ({Rows.InviteColumns}) VALUES ($group, $code, $by, $at, $expires, $max, 0)
                    ON CONFLICT (code) DO NOTHING
                    """)
                .With("$group", Rows.GroupNumber(invite.GroupId) ?? throw new ArgumentException($"There is no group '{invite.GroupId}'.", nameof(invite)))
                .With("$code", invite.Code)
                .With("$by", invite.CreatedBy)
                .With("$at", UnixTime.ToMillis(invite.CreatedAt))
                .With("$expires", invite.ExpiresAt is { } expires ? UnixTime.ToMillis(expires) : null)
                .With("$max", invite.MaxUses)
                .Execute() == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<GroupInviteRecord>> ListGroupInvitesAsync(string groupId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<GroupInviteRecord>>(
            s => s.Prepare($"SELECT {Rows.InviteColumns} FROM group_invites WHERE group_id = $group ORDER BY created_at DESC, code")
                .With("$group", Rows.GroupNumber(groupId) ?? -1)
                .ReadList(Rows.Invite),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> RevokeGroupInviteAsync(string groupId, string code, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Prepare("DELETE FROM group_invites WHERE group_id = $group AND code = $code")
                .With("$group", Rows.GroupNumber(groupId) ?? -1)
                .With("$code", code)
                .Execute() == 1,
            cancellationToken);

    /// <summary>
    /// Runs a membership change of an existing group in the writer's transaction and reads the group after it. The
    /// change returns the system messages it appended, or null to refuse (nothing of it is kept: the result is null).
    /// </summary>
    private Task<GroupChangeResult?> ChangeGroupAsync(
        string groupId, Func<StatementCache, long, string, long, IReadOnlyList<StoredMessage>?> change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Rows.GroupNumber(groupId) is not { } number)
        {
            return Task.FromResult<GroupChangeResult?>(null);
        }

        string conversationId = ConversationId.Group(groupId);
        long millis = UnixTime.ToMillis(at);
        return WriteAndSignalAsync(
            s =>
            {
                if (LastSeqOf(s, conversationId) is null || change(s, number, conversationId, millis) is not { } events)
                {
                    return null;
                }

                return new GroupChangeResult(ReadGroup(s, number)!, events);
            },
            r => r is { Changed: true } ? conversationId : null,
            cancellationToken);
    }

    /// <summary>
    /// Adds a member unless they are one: their cursors start at the conversation's last message, and their join
    /// message, appended next, is the first they may read. Reading last_seq in the writer's transaction: no append
    /// can slip between it and the insert.
    /// </summary>
    private static IReadOnlyList<StoredMessage> AddMember(StatementCache s, string groupId, string conversationId, string userId, string actorId, long millis)
    {
        long lastSeq = LastSeqOf(s, conversationId)!.Value;
        if (AddParticipant(s, userId, conversationId, peerId: groupId, readSeq: lastSeq, millis) == 0)
        {
            return [];
        }

        var joined = AppendGroupEvent(s, conversationId, actorId, MessageKind.MemberJoined, GroupEventText.Member(userId, NicknameOf(s, userId)), millis);
        s.Prepare("UPDATE participants SET joined_seq = $seq WHERE user_id = $user AND conversation_id = $conversation")
            .With("$seq", joined.Seq)
            .With("$user", userId)
            .With("$conversation", conversationId)
            .Execute();
        RecordMembership(s, groupId, userId, MembershipChange.Joined, millis);
        return [joined];
    }

    /// <summary>Gives a member a role (the owner's also in chat_groups) and appends the message that says so.</summary>
    private static StoredMessage GiveRole(StatementCache s, long number, string conversationId, string userId, GroupRole role, string actorId, long millis)
    {
        SetRole(s, conversationId, userId, role);
        if (role == GroupRole.Owner)
        {
            s.Prepare("UPDATE chat_groups SET owner_id = $owner WHERE group_id = $group").With("$owner", userId).With("$group", number).Execute();
        }

        return AppendGroupEvent(s, conversationId, actorId, MessageKind.RoleChanged, GroupEventText.Role(role, userId, NicknameOf(s, userId)), millis);
    }

    private static void SetRole(StatementCache s, string conversationId, string userId, GroupRole role) =>
        s.Prepare("UPDATE participants SET role = $role WHERE user_id = $user AND conversation_id = $conversation")
            .With("$role", (int)role)
            .With("$user", userId)
            .With("$conversation", conversationId)
            .Execute();

    private static GroupRole? MemberRole(StatementCache s, string conversationId, string userId) =>
        s.Prepare("SELECT role FROM participants WHERE user_id = $user AND conversation_id = $conversation")
            .With("$user", userId)
            .With("$conversation", conversationId)
            .ScalarInt64() is { } role
                ? (GroupRole)role
                : null;

    /// <summary>Who takes over from an owner who left: the admin, else the member, who joined first.</summary>
    private static string? NextOwner(StatementCache s, string conversationId) =>
        s.Prepare("SELECT user_id FROM participants WHERE conversation_id = $conversation ORDER BY role DESC, joined_seq, joined_at, user_id LIMIT 1")
            .With("$conversation", conversationId)
            .ReadFirstOrDefault(r => r.GetString(0));

    private static string NicknameOf(StatementCache s, string userId) =>
        s.Prepare("SELECT nickname FROM users WHERE user_id = $user")
            .With("$user", userId)
            .ReadFirstOrDefault(r => r.GetString(0))
            ?? throw new ArgumentException($"There is no user '{userId}'.", nameof(userId));

    /// <summary>Appends a group system message, exactly as a message is appended; its idempotency key is new each time.</summary>
    private static StoredMessage AppendGroupEvent(StatementCache s, string conversationId, string actorId, MessageKind kind, string text, long millis) =>
        Append(s, new NewMessage(conversationId, actorId, "group-event:" + Guid.NewGuid().ToString("N"), kind, text, UnixTime.FromMillis(millis))).Message;

    private static GroupRecord? ReadGroup(StatementCache s, long number) =>
        s.Prepare($"SELECT {Rows.GroupColumns} FROM chat_groups g WHERE g.group_id = $id")
            .With("$id", number)
            .ReadFirstOrDefault(Rows.Group);
}
