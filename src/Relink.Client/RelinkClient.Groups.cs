using Relink.Client.Model;
using Relink.Protocol.Messages;
using WireHistory = Relink.Protocol.Messages.GroupHistory;
using WireRole = Relink.Protocol.Messages.GroupRole;

namespace Relink.Client;

/// <summary>
/// Group roles, settings and invite codes. Who may do what: the owner names roles, hands ownership on and decides
/// whether the group is public and what new members read; admins (and the owner) rename, invite, remove members and
/// make invite codes. A refusal is a <see cref="RelinkException"/> with <see cref="ErrorCode.Forbidden"/>.
/// </summary>
public sealed partial class RelinkClient
{
    /// <summary>Creates a group owned by the user, public or invite-only, with <paramref name="memberIds"/> (friends) added at once.</summary>
    /// <param name="name">1..64 characters.</param>
    /// <param name="isPublic">Anyone may join by the group's id; otherwise only by invitation or invite code.</param>
    /// <param name="history">What new members may read.</param>
    /// <param name="memberIds">Friends to add.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<GroupInfo> CreateGroupWithSettingsAsync(string name, bool isPublic, GroupHistory history, IEnumerable<string>? memberIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var create = new CreateGroupRequest { Name = name, IsPublic = isPublic, History = ToWire(history) };
        create.MemberIds.AddRange(memberIds ?? []);
        return GroupRequestAsync(new Envelope { CreateGroup = create }, cancellationToken);
    }

    /// <summary>Joins group <paramref name="groupId"/> with an invite code (<see cref="ErrorCode.InviteInvalid"/> when it does not work).</summary>
    public Task<GroupInfo> JoinGroupWithCodeAsync(string groupId, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentException.ThrowIfNullOrEmpty(code);
        return GroupRequestAsync(new Envelope { JoinGroup = new JoinGroupRequest { GroupId = groupId, Code = code } }, cancellationToken);
    }

    /// <summary>Renames the group (admins and the owner); the members see a <see cref="MessageType.GroupRenamed"/> message.</summary>
    public Task<GroupInfo> RenameGroupAsync(string groupId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return UpdateGroupAsync(new UpdateGroupRequest { GroupId = groupId, Name = name }, cancellationToken);
    }

    /// <summary>Changes whether the group is public and what new members read (the owner); null leaves a setting as it is.</summary>
    public Task<GroupInfo> ChangeGroupSettingsAsync(string groupId, bool? isPublic = null, GroupHistory? history = null, CancellationToken cancellationToken = default)
    {
        var update = new UpdateGroupRequest { GroupId = groupId };
        if (isPublic is { } open)
        {
            update.IsPublic = open;
        }

        if (history is { } visible)
        {
            update.History = ToWire(visible);
        }

        return UpdateGroupAsync(update, cancellationToken);
    }

    /// <summary>
    /// Gives a member a role (the owner). <see cref="GroupRole.Owner"/> hands ownership on: they become the owner and
    /// this user an admin. The members see <see cref="MessageType.RoleChanged"/> messages.
    /// </summary>
    public Task<GroupInfo> SetGroupRoleAsync(string groupId, string userId, GroupRole role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var wire = role switch
        {
            GroupRole.Owner => WireRole.Owner,
            GroupRole.Admin => WireRole.Admin,
            _ => WireRole.Member,
        };
        return GroupAnswerAsync(new Envelope { SetGroupRole = new SetGroupRoleRequest { GroupId = groupId, UserId = userId, Role = wire } }, cancellationToken);
    }

    /// <summary>Removes a member: admins remove members, the owner also admins; nobody removes the owner.</summary>
    public Task<GroupInfo> RemoveGroupMemberAsync(string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return GroupAnswerAsync(new Envelope { RemoveGroupMember = new RemoveGroupMemberRequest { GroupId = groupId, UserId = userId } }, cancellationToken);
    }

    /// <summary>The members of group <paramref name="groupId"/> with their roles, by nickname.</summary>
    public Task<IReadOnlyList<GroupMember>> GetGroupMemberRolesAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return RequestAsync(
            new Envelope { ListGroupMembers = new ListGroupMembersRequest { GroupId = groupId } },
            Envelope.BodyOneofCase.ListGroupMembersOk,
            a => (IReadOnlyList<GroupMember>)a.ListGroupMembersOk.Roles.Select(m => new GroupMember { Profile = m.Profile.ToModel(), Role = (GroupRole)(int)m.Role }).ToList(),
            cancellationToken);
    }

    /// <summary>Makes an invite code (admins and the owner).</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="expiresIn">How long it works (up to 366 days); null: until revoked.</param>
    /// <param name="maxUses">How many joins it allows (up to 100,000); null: no limit.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<GroupInvite> CreateGroupInviteAsync(string groupId, TimeSpan? expiresIn = null, int? maxUses = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        var request = new CreateGroupInviteRequest
        {
            GroupId = groupId,
            ExpiresInSeconds = expiresIn is { } span ? Math.Max(1, (long)Math.Ceiling(span.TotalSeconds)) : 0,
            MaxUses = maxUses ?? 0,
        };
        return RequestAsync(new Envelope { CreateGroupInvite = request }, Envelope.BodyOneofCase.CreateGroupInviteOk, a => ToModel(a.CreateGroupInviteOk.Invite), cancellationToken);
    }

    /// <summary>A group's invite codes (admins and the owner), newest first.</summary>
    public Task<IReadOnlyList<GroupInvite>> GetGroupInvitesAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return RequestAsync(
            new Envelope { ListGroupInvites = new ListGroupInvitesRequest { GroupId = groupId } },
            Envelope.BodyOneofCase.ListGroupInvitesOk,
            a => (IReadOnlyList<GroupInvite>)a.ListGroupInvitesOk.Invites.Select(ToModel).ToList(),
            cancellationToken);
    }

    /// <summary>Revokes an invite code (admins and the owner); <see cref="ErrorCode.NotFound"/> when the group has no such code.</summary>
    public Task RevokeGroupInviteAsync(string groupId, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentException.ThrowIfNullOrEmpty(code);
        return RequestAsync(
            new Envelope { RevokeGroupInvite = new RevokeGroupInviteRequest { GroupId = groupId, Code = code } },
            Envelope.BodyOneofCase.RevokeGroupInviteOk,
            _ => true,
            cancellationToken);
    }

    private Task<GroupInfo> UpdateGroupAsync(UpdateGroupRequest update, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(update.GroupId);
        return GroupAnswerAsync(new Envelope { UpdateGroup = update }, cancellationToken);
    }

    // The user stays in the group; the answer is the group as it is now.
    private Task<GroupInfo> GroupAnswerAsync(Envelope request, CancellationToken cancellationToken) => GroupRequestAsync(request, cancellationToken);

    private static WireHistory ToWire(GroupHistory history) => history == GroupHistory.Whole ? WireHistory.Whole : WireHistory.FromJoin;

    private static GroupInvite ToModel(Protocol.Messages.GroupInvite invite) => new()
    {
        GroupId = invite.GroupId,
        Code = invite.Code,
        CreatedBy = invite.CreatedBy,
        CreatedAt = invite.CreatedAt?.ToDateTimeOffset(),
        ExpiresAt = invite.ExpiresAt?.ToDateTimeOffset(),
        MaxUses = invite.MaxUses > 0 ? invite.MaxUses : null,
        Uses = invite.Uses,
    };
}
