namespace Relink.Storage;

/// <summary>
/// Group roles, settings, invite codes and the system messages that record membership changes. Every change of a
/// group's membership or roles goes through one of these methods (or <see cref="CreateGroupAsync(NewGroup, CancellationToken)"/>),
/// so a cache of membership has one place to learn of changes.
/// </summary>
/// <remarks>
/// A change appends its system messages (<see cref="MessageKind.MemberJoined"/> … <see cref="MessageKind.RoleChanged"/>)
/// to the group's conversation in the change's own transaction, each with the next sequence number exactly as a
/// message is appended (the actor's read cursor moves to it), so every member's device receives them once and in
/// order. <see cref="GroupChangeResult.Events"/> lists them, for the caller to push.
/// </remarks>
public partial interface IChatStore
{
    /// <summary>
    /// Creates a group with a new id, its conversation, and its members (the owner first, with the owner role, then
    /// <see cref="NewGroup.MemberIds"/> as members, duplicates ignored). No system message: the group begins with them.
    /// </summary>
    Task<GroupRecord> CreateGroupAsync(NewGroup group, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a member, with the member role, and appends a <see cref="MessageKind.MemberJoined"/> message sent by
    /// <paramref name="actorId"/> (the member, or who added them). The new member's read and delivery cursors start
    /// just before that message (older history is not "unread"), and their history begins at it
    /// (<see cref="GroupMemberRecord.JoinedSeq"/>) unless the group shows its whole history.
    /// Null when there is no such group; no events when the user already was a member.
    /// </summary>
    Task<GroupChangeResult?> AddGroupMemberAsync(string groupId, string userId, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a member; the history stays. Appends <see cref="MessageKind.MemberLeft"/> when <paramref name="actorId"/>
    /// is the member, <see cref="MessageKind.MemberRemoved"/> otherwise, before the member goes (so it is theirs to
    /// see last). When the owner goes, ownership passes on: to the admin, else the member, who joined first; a
    /// <see cref="MessageKind.RoleChanged"/> message follows. When the last member goes, the group is closed: no one is
    /// left and no one can join. Null when there is no such group; no events when the user was not a member.
    /// </summary>
    Task<GroupChangeResult?> RemoveGroupMemberAsync(string groupId, string userId, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a member a role, with a <see cref="MessageKind.RoleChanged"/> message. <see cref="GroupRole.Owner"/> hands
    /// ownership on: the member becomes the owner and the owner an admin (two messages, the new owner's first).
    /// Giving the owner another role is not done here (hand ownership on instead): no events. Null when there is no
    /// such group; no events when the user is not a member or already has the role.
    /// </summary>
    Task<GroupChangeResult?> SetGroupRoleAsync(string groupId, string userId, GroupRole role, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the settings <paramref name="change"/> sets; a new name appends a <see cref="MessageKind.GroupRenamed"/>
    /// message. Null when there is no such group. <see cref="GroupChangeResult.Changed"/> is false when nothing changed.
    /// </summary>
    Task<GroupChangeResult?> UpdateGroupAsync(string groupId, GroupSettingsChange change, string actorId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>A member's role and join point, or null when the user is not a member of the group.</summary>
    Task<GroupMemberRecord?> FindGroupMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default);

    /// <summary>A group's members with their roles, by nickname (as <see cref="ListGroupMembersAsync"/>).</summary>
    Task<IReadOnlyList<GroupMemberRecord>> ListGroupMemberRolesAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>Stores a new invite code; false when the code is taken (the caller draws another).</summary>
    Task<bool> CreateGroupInviteAsync(GroupInviteRecord invite, CancellationToken cancellationToken = default);

    /// <summary>A group's invite codes, newest first, expired and used-up ones included (until revoked).</summary>
    Task<IReadOnlyList<GroupInviteRecord>> ListGroupInvitesAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>Deletes an invite code; false when the group has no such code.</summary>
    Task<bool> RevokeGroupInviteAsync(string groupId, string code, CancellationToken cancellationToken = default);

    /// <summary>
    /// Joins a group with an invite code, in one transaction: the code must be the group's, unexpired at
    /// <paramref name="at"/> and not used up; then the user is added as by <see cref="AddGroupMemberAsync(string, string, string, DateTimeOffset, CancellationToken)"/>
    /// (actor: the user) and the code counts one use. Null when the code is not valid; a result without events (and
    /// no use counted) when the user already is a member.
    /// </summary>
    Task<GroupChangeResult?> JoinGroupWithInviteAsync(string groupId, string code, string userId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
