using System.Globalization;
using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    // An invite code of the group that still lets someone in at @at.
    private const string InviteUsable =
        "group_id = @group AND code = @code AND (expires_at IS NULL OR expires_at > @at) AND (max_uses IS NULL OR uses < max_uses)";

    /// <inheritdoc />
    public async Task<GroupRecord> CreateGroupAsync(NewGroup group, CancellationToken cancellationToken = default)
    {
        long millis = UnixTime.ToMillis(group.At);
        var members = group.MemberIds.Prepend(group.OwnerId).Distinct(StringComparer.Ordinal).ToList();
        var created = await WriteAsync(
            async s =>
            {
                long number = (await s.Sql("""
                        INSERT INTO chat_groups (name, head, owner_id, created_at, is_public, history_visibility)
                        VALUES (@name, @head, @owner, @at, @public, @history)
                        RETURNING group_id
                        """)
                    .With("name", group.Name)
                    .With("head", group.Head)
                    .With("owner", group.OwnerId)
                    .With("at", millis)
                    .With("public", group.IsPublic)
                    .With("history", (int)group.History)
                    .ScalarInt64Async(s.CancellationToken))!.Value;
                string groupId = number.ToString(CultureInfo.InvariantCulture);
                string conversationId = ConversationId.Group(groupId);
                await CreateConversationAsync(s, conversationId, ConversationKind.Group, millis, number);
                foreach (string member in members)
                {
                    await AddParticipantAsync(s, member, conversationId, peerId: groupId, readSeq: 0, millis);
                    await RecordMembershipAsync(s, groupId, member, MembershipChange.Created, millis);
                }

                await SetRoleAsync(s, conversationId, group.OwnerId, GroupRole.Owner);
                return (await ReadGroupAsync(s, number))!;
            },
            cancellationToken);
        _webhookCommitted?.Invoke(ConversationId.Group(created.GroupId));
        return created;
    }

    /// <inheritdoc />
    public Task<GroupRecord?> FindGroupAsync(string groupId, CancellationToken cancellationToken = default) =>
        Rows.GroupNumber(groupId) is { } number
            ? ReadAsync(s => ReadGroupAsync(s, number), cancellationToken)
            : Task.FromResult<GroupRecord?>(null);

    /// <inheritdoc />
    public Task<GroupChangeResult?> AddGroupMemberAsync(string groupId, string userId, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(groupId, (s, number, conversationId, millis) => AddMemberAsync(s, groupId, conversationId, userId, actorId, millis), at, cancellationToken);

    /// <inheritdoc />
    public Task<GroupChangeResult?> JoinGroupWithInviteAsync(string groupId, string code, string userId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(
            groupId,
            async (s, number, conversationId, millis) =>
            {
                // Not yet a member, so the use is theirs: counted in the statement that checks the code, so two
                // joins racing for its last use cannot both pass (the second waits for the first's row lock).
                if (await MemberRoleAsync(s, conversationId, userId) is not null)
                {
                    return await InviteIsValidAsync(s, number, code, millis) ? [] : null;
                }

                bool counted = await s.Sql($"UPDATE group_invites SET uses = uses + 1 WHERE {InviteUsable}")
                    .With("group", number)
                    .With("code", code)
                    .With("at", millis)
                    .ExecuteAsync(s.CancellationToken) == 1;
                return counted ? await AddMemberAsync(s, groupId, conversationId, userId, userId, millis) : null;
            },
            at,
            cancellationToken);

    /// <inheritdoc />
    public Task<GroupChangeResult?> RemoveGroupMemberAsync(string groupId, string userId, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(
            groupId,
            async (s, number, conversationId, millis) =>
            {
                if (await MemberRoleAsync(s, conversationId, userId) is not { } role)
                {
                    return [];
                }

                var kind = userId == actorId ? MessageKind.MemberLeft : MessageKind.MemberRemoved;
                var events = new List<StoredMessage>
                {
                    await AppendGroupEventAsync(s, conversationId, actorId, kind, GroupEventText.Member(userId, await NicknameOfAsync(s, userId)), millis),
                };
                await s.Sql("DELETE FROM participants WHERE user_id = @user AND conversation_id = @conversation")
                    .With("user", userId)
                    .With("conversation", conversationId)
                    .ExecuteAsync(s.CancellationToken);
                await RecordMembershipAsync(s, groupId, userId, MembershipChange.Left, millis);
                if (role == GroupRole.Owner && await NextOwnerAsync(s, conversationId) is { } heir)
                {
                    events.Add(await GiveRoleAsync(s, number, conversationId, heir, GroupRole.Owner, actorId, millis));
                }

                return events;
            },
            at,
            cancellationToken);

    /// <inheritdoc />
    public Task<GroupChangeResult?> SetGroupRoleAsync(string groupId, string userId, GroupRole role, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(
            groupId,
            async (s, number, conversationId, millis) =>
            {
                var current = await MemberRoleAsync(s, conversationId, userId);
                if (current is null || current == role || current == GroupRole.Owner)
                {
                    return [];
                }

                var events = new List<StoredMessage> { await GiveRoleAsync(s, number, conversationId, userId, role, actorId, millis) };
                if (role == GroupRole.Owner
                    && await s.Sql("SELECT user_id FROM participants WHERE conversation_id = @conversation AND role = 2 AND user_id <> @user")
                        .With("conversation", conversationId)
                        .With("user", userId)
                        .ReadFirstOrDefaultAsync(r => r.GetString(0), s.CancellationToken) is { } formerOwner)
                {
                    events.Add(await GiveRoleAsync(s, number, conversationId, formerOwner, GroupRole.Admin, actorId, millis));
                }

                return events;
            },
            at,
            cancellationToken);

    /// <inheritdoc />
    public async Task<GroupChangeResult?> UpdateGroupAsync(string groupId, GroupSettingsChange change, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (Rows.GroupNumber(groupId) is not { } number)
        {
            return null;
        }

        string conversationId = ConversationId.Group(groupId);
        long millis = UnixTime.ToMillis(at);
        var result = await WriteAsync(
            async s =>
            {
                if (await LastSeqOfAsync(s, conversationId, lockRow: true) is null || await ReadGroupAsync(s, number) is not { } before)
                {
                    return null;
                }

                var events = new List<StoredMessage>();
                if (change.Name is { } name && name != before.Name)
                {
                    events.Add(await AppendGroupEventAsync(s, conversationId, actorId, MessageKind.GroupRenamed, name, millis));
                }

                await s.Sql("""
                        UPDATE chat_groups
                        SET name = COALESCE(@name::text, name), is_public = COALESCE(@public::boolean, is_public),
                            history_visibility = COALESCE(@history::integer, history_visibility)
                        WHERE group_id = @group
                        """)
                    .With("group", number)
                    .With("name", change.Name)
                    .With("public", change.IsPublic)
                    .With("history", change.History is { } history ? (int)history : null)
                    .ExecuteAsync(s.CancellationToken);
                var after = (await ReadGroupAsync(s, number))!;
                return new GroupChangeResult(after, events, SettingsChanged: after with { Name = before.Name } != before);
            },
            cancellationToken);
        if (result is { Events.Count: > 0 })
        {
            _webhookCommitted?.Invoke(conversationId);
        }

        return result;
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
    public Task<GroupMemberRecord?> FindGroupMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            s => s.Sql($"""
                    SELECT {Rows.GroupMemberColumns} FROM {Rows.GroupMemberSource}
                    WHERE p.user_id = @user AND p.conversation_id = @conversation
                    """)
                .With("user", userId)
                .With("conversation", ConversationId.Group(groupId))
                .ReadFirstOrDefaultAsync(Rows.GroupMember, s.CancellationToken),
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
    public async Task<IReadOnlyList<UserRecord>> ListGroupMembersAsync(string groupId, CancellationToken cancellationToken = default) =>
        (await ListGroupMemberRolesAsync(groupId, cancellationToken)).Select(m => m.User).ToList();

    /// <inheritdoc />
    public Task<IReadOnlyList<GroupMemberRecord>> ListGroupMemberRolesAsync(string groupId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<GroupMemberRecord>>(
            async s => await s.Sql($"""
                    SELECT {Rows.GroupMemberColumns} FROM {Rows.GroupMemberSource}
                    WHERE p.conversation_id = @conversation
                    ORDER BY u.nickname_folded COLLATE "C", u.user_id COLLATE "C"
                    """)
                .With("conversation", ConversationId.Group(groupId))
                .ReadListAsync(Rows.GroupMember, s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> CreateGroupInviteAsync(GroupInviteRecord invite, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async s => await s.Sql($"""
                    INSERT INTO group_invites ({Rows.InviteColumns}) VALUES (@group, @code, @by, @at, @expires, @max, 0)
                    ON CONFLICT (code) DO NOTHING
                    """)
                .With("group", Rows.GroupNumber(invite.GroupId) ?? throw new ArgumentException($"There is no group '{invite.GroupId}'.", nameof(invite)))
                .With("code", invite.Code)
                .With("by", invite.CreatedBy)
                .With("at", UnixTime.ToMillis(invite.CreatedAt))
                .With("expires", invite.ExpiresAt is { } expires ? UnixTime.ToMillis(expires) : null)
                .With("max", invite.MaxUses)
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<GroupInviteRecord>> ListGroupInvitesAsync(string groupId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<GroupInviteRecord>>(
            async s => await s.Sql($"SELECT {Rows.InviteColumns} FROM group_invites WHERE group_id = @group ORDER BY created_at DESC, code COLLATE \"C\"")
                .With("group", Rows.GroupNumber(groupId) ?? -1)
                .ReadListAsync(Rows.Invite, s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> RevokeGroupInviteAsync(string groupId, string code, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async s => await s.Sql("DELETE FROM group_invites WHERE group_id = @group AND code = @code")
                .With("group", Rows.GroupNumber(groupId) ?? -1)
                .With("code", code)
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);

    /// <summary>
    /// Runs a membership change of an existing group in one transaction, holding the conversation's row lock (the one
    /// appends take), so changes of one group and its appends go one after another; then reads the group. The change
    /// returns the system messages it appended, or null to refuse (the result is null, and nothing was changed).
    /// </summary>
    private async Task<GroupChangeResult?> ChangeGroupAsync(
        string groupId, Func<PgSession, long, string, long, Task<IReadOnlyList<StoredMessage>?>> change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Rows.GroupNumber(groupId) is not { } number)
        {
            return null;
        }

        string conversationId = ConversationId.Group(groupId);
        long millis = UnixTime.ToMillis(at);
        var result = await WriteAsync(
            async s =>
            {
                if (await LastSeqOfAsync(s, conversationId, lockRow: true) is null || await change(s, number, conversationId, millis) is not { } events)
                {
                    return null;
                }

                return new GroupChangeResult((await ReadGroupAsync(s, number))!, events);
            },
            cancellationToken);
        if (result is { Changed: true })
        {
            _webhookCommitted?.Invoke(conversationId);
        }

        return result;
    }

    private static async Task<bool> InviteIsValidAsync(PgSession s, long number, string code, long millis) =>
        await s.Sql($"SELECT 1 FROM group_invites WHERE {InviteUsable}")
            .With("group", number)
            .With("code", code)
            .With("at", millis)
            .ScalarInt64Async(s.CancellationToken) is not null;

    /// <summary>
    /// Adds a member unless they are one: their cursors start at the conversation's last message, and their join
    /// message, appended next, is the first they may read. The caller holds the conversation's row lock: no append
    /// can slip between the read of last_seq and the insert.
    /// </summary>
    private static async Task<IReadOnlyList<StoredMessage>?> AddMemberAsync(PgSession s, string groupId, string conversationId, string userId, string actorId, long millis)
    {
        long lastSeq = (await LastSeqOfAsync(s, conversationId))!.Value;
        if (await AddParticipantAsync(s, userId, conversationId, peerId: groupId, readSeq: lastSeq, millis) == 0)
        {
            return [];
        }

        var joined = await AppendGroupEventAsync(s, conversationId, actorId, MessageKind.MemberJoined, GroupEventText.Member(userId, await NicknameOfAsync(s, userId)), millis);
        await s.Sql("UPDATE participants SET joined_seq = @seq WHERE user_id = @user AND conversation_id = @conversation")
            .With("seq", joined.Seq)
            .With("user", userId)
            .With("conversation", conversationId)
            .ExecuteAsync(s.CancellationToken);
        await RecordMembershipAsync(s, groupId, userId, MembershipChange.Joined, millis);
        return [joined];
    }

    /// <summary>Gives a member a role (the owner's also in chat_groups) and appends the message that says so.</summary>
    private static async Task<StoredMessage> GiveRoleAsync(PgSession s, long number, string conversationId, string userId, GroupRole role, string actorId, long millis)
    {
        await SetRoleAsync(s, conversationId, userId, role);
        if (role == GroupRole.Owner)
        {
            await s.Sql("UPDATE chat_groups SET owner_id = @owner WHERE group_id = @group")
                .With("owner", userId)
                .With("group", number)
                .ExecuteAsync(s.CancellationToken);
        }

        return await AppendGroupEventAsync(s, conversationId, actorId, MessageKind.RoleChanged, GroupEventText.Role(role, userId, await NicknameOfAsync(s, userId)), millis);
    }

    private static Task<int> SetRoleAsync(PgSession s, string conversationId, string userId, GroupRole role) =>
        s.Sql("UPDATE participants SET role = @role WHERE user_id = @user AND conversation_id = @conversation")
            .With("role", (int)role)
            .With("user", userId)
            .With("conversation", conversationId)
            .ExecuteAsync(s.CancellationToken);

    private static async Task<GroupRole?> MemberRoleAsync(PgSession s, string conversationId, string userId) =>
        await s.Sql("SELECT role FROM participants WHERE user_id = @user AND conversation_id = @conversation")
            .With("user", userId)
            .With("conversation", conversationId)
            .ScalarInt64Async(s.CancellationToken) is { } role
                ? (GroupRole)role
                : null;

    /// <summary>Who takes over from an owner who left: the admin, else the member, who joined first.</summary>
    private static Task<string?> NextOwnerAsync(PgSession s, string conversationId) =>
        s.Sql("SELECT user_id FROM participants WHERE conversation_id = @conversation ORDER BY role DESC, joined_seq, joined_at, user_id COLLATE \"C\" LIMIT 1")
            .With("conversation", conversationId)
            .ReadFirstOrDefaultAsync(r => r.GetString(0), s.CancellationToken);

    private static async Task<string> NicknameOfAsync(PgSession s, string userId) =>
        await s.Sql("SELECT nickname FROM users WHERE user_id = @user")
            .With("user", userId)
            .ReadFirstOrDefaultAsync(r => r.GetString(0), s.CancellationToken)
            ?? throw new ArgumentException($"There is no user '{userId}'.", nameof(userId));

    /// <summary>Appends a group system message, exactly as a message is appended; its idempotency key is new each time.</summary>
    private static async Task<StoredMessage> AppendGroupEventAsync(PgSession s, string conversationId, string actorId, MessageKind kind, string text, long millis) =>
        await AppendAsync(s, new NewMessage(conversationId, actorId, "group-event:" + Guid.NewGuid().ToString("N"), kind, text, UnixTime.FromMillis(millis)))
            ?? throw new InvalidOperationException("A group event with a new key was not stored.");

    private static Task<GroupRecord?> ReadGroupAsync(PgSession s, long number) =>
        s.Sql($"SELECT {Rows.GroupColumns} FROM chat_groups g WHERE g.group_id = @id")
            .With("id", number)
            .ReadFirstOrDefaultAsync(Rows.Group, s.CancellationToken);
}
