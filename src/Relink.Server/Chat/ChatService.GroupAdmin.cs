using Google.Protobuf.WellKnownTypes;
using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;
using StoreRole = Relink.Storage.GroupRole;
using WireRole = Relink.Protocol.Messages.GroupRole;

namespace Relink.Server.Chat;

/// <summary>
/// Group administration by role: the owner names roles, hands ownership on and picks who may join and what new
/// members read; admins (and the owner) rename the group, invite and remove members and make invite codes.
/// </summary>
public sealed partial class ChatService
{
    /// <summary>Renames the group (admins) and changes whether it is public and what new members read (the owner).</summary>
    public async Task<Envelope> UpdateGroupAsync(Session session, UpdateGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        string? name = request.HasName ? Validate.Text(request.Name.Trim(), "name", 1, Validate.MaxGroupNameLength) : null;
        var history = request.HasHistory ? GroupHistoryOf(request.History, "history") : null;
        bool? isPublic = request.HasIsPublic ? request.IsPublic : null;
        var role = await RequireRoleAsync(groupId, session.UserId, StoreRole.Admin, "change the group");
        if ((isPublic is not null || history is not null) && role != StoreRole.Owner)
        {
            throw RequestException.Forbidden("Only the group's owner decides who may join and what new members read.");
        }

        var result = await store.UpdateGroupAsync(groupId, new GroupSettingsChange(name, isPublic, history), session.UserId, Now)
            ?? throw RequestException.NotFound($"No group '{groupId}'.");
        AnnounceUpdate(result, session);
        return GroupOk(result.Group);
    }

    /// <summary>The owner gives a member a role; OWNER hands ownership on (the caller becomes an admin).</summary>
    public async Task<Envelope> SetGroupRoleAsync(Session session, SetGroupRoleRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        string userId = Validate.UserId(request.UserId, "user_id");
        var role = request.Role switch
        {
            WireRole.Member => StoreRole.Member,
            WireRole.Admin => StoreRole.Admin,
            WireRole.Owner => StoreRole.Owner,
            _ => throw RequestException.Invalid("role", "A role is GROUP_ROLE_MEMBER, GROUP_ROLE_ADMIN or GROUP_ROLE_OWNER."),
        };
        await RequireRoleAsync(groupId, session.UserId, StoreRole.Owner, "name roles");
        if (userId == session.UserId)
        {
            throw RequestException.Invalid("user_id", "The owner's own role changes by handing ownership on to another member.");
        }

        if (await store.FindGroupMemberAsync(groupId, userId) is null)
        {
            throw RequestException.NotFound($"'{userId}' is not a member of that group.");
        }

        var result = await store.SetGroupRoleAsync(groupId, userId, role, session.UserId, Now)
            ?? throw RequestException.NotFound($"No group '{groupId}'.");
        AnnounceUpdate(result, session);
        return GroupOk(result.Group);
    }

    /// <summary>An admin removes a member; the owner removes members and admins. Nobody removes the owner.</summary>
    public async Task<Envelope> RemoveGroupMemberAsync(Session session, RemoveGroupMemberRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        string userId = Validate.UserId(request.UserId, "user_id");
        var myRole = await RequireRoleAsync(groupId, session.UserId, StoreRole.Admin, "remove members");
        if (userId == session.UserId)
        {
            throw RequestException.Invalid("user_id", "To leave the group, use leave_group.");
        }

        var target = await store.FindGroupMemberAsync(groupId, userId)
            ?? throw RequestException.NotFound($"'{userId}' is not a member of that group.");
        if (target.Role >= myRole)
        {
            throw RequestException.Forbidden(myRole == StoreRole.Owner
                ? "Nobody removes the owner."
                : "Admins remove members; only the owner removes an admin.");
        }

        var group = await RemoveMemberAsync(groupId, target.User, actorId: session.UserId, except: session)
            ?? throw RequestException.NotFound($"'{userId}' is not a member of that group."); // left meanwhile
        return GroupOk(group);
    }

    /// <summary>Makes an invite code (admins and the owner), with an optional expiry and use limit.</summary>
    public async Task<Envelope> CreateGroupInviteAsync(Session session, CreateGroupInviteRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        if (request.ExpiresInSeconds < 0 || request.ExpiresInSeconds > (long)GroupInviteCodes.MaxLifetime.TotalSeconds)
        {
            throw RequestException.Invalid("expires_in_seconds", $"An invite code expires within {GroupInviteCodes.MaxLifetime.TotalDays:0} days (0: never).");
        }

        if (request.MaxUses < 0 || request.MaxUses > GroupInviteCodes.MaxUses)
        {
            throw RequestException.Invalid("max_uses", $"An invite code allows up to {GroupInviteCodes.MaxUses:N0} joins (0: no limit).");
        }

        await RequireRoleAsync(groupId, session.UserId, StoreRole.Admin, "make invite codes");
        var now = Now;
        while (true)
        {
            var invite = new GroupInviteRecord(
                groupId, GroupInviteCodes.New(), session.UserId, now,
                request.ExpiresInSeconds > 0 ? now.AddSeconds(request.ExpiresInSeconds) : null,
                request.MaxUses > 0 ? request.MaxUses : null);
            if (await store.CreateGroupInviteAsync(invite))
            {
                return new Envelope { CreateGroupInviteOk = new CreateGroupInviteResponse { Invite = Invite(invite) } };
            }
        }
    }

    /// <summary>Revokes an invite code (admins and the owner).</summary>
    public async Task<Envelope> RevokeGroupInviteAsync(Session session, RevokeGroupInviteRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        string code = Validate.Text(request.Code, "code", 1, GroupInviteCodes.MaxLength);
        await RequireRoleAsync(groupId, session.UserId, StoreRole.Admin, "revoke invite codes");
        if (!await store.RevokeGroupInviteAsync(groupId, code))
        {
            throw RequestException.NotFound("That group has no such invite code.");
        }

        return new Envelope { RevokeGroupInviteOk = new RevokeGroupInviteResponse() };
    }

    /// <summary>A group's invite codes (admins and the owner).</summary>
    public async Task<Envelope> ListGroupInvitesAsync(Session session, ListGroupInvitesRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        await RequireRoleAsync(groupId, session.UserId, StoreRole.Admin, "see invite codes");
        var response = new ListGroupInvitesResponse();
        response.Invites.AddRange((await store.ListGroupInvitesAsync(groupId)).Select(Invite));
        return new Envelope { ListGroupInvitesOk = response };
    }

    /// <summary>
    /// The first seq of a group's history the member may read (0: all of it), for history pages; FORBIDDEN when the
    /// user is not a member.
    /// </summary>
    private async Task<long> VisibleFromSeqAsync(string groupId, string userId) =>
        (await store.FindGroupMemberAsync(groupId, userId) ?? throw NotAMember()).VisibleFromSeq;

    /// <summary>The caller's role in the group, when it is at least <paramref name="least"/>; FORBIDDEN otherwise.</summary>
    private async Task<StoreRole> RequireRoleAsync(string groupId, string userId, StoreRole least, string what)
    {
        var member = await store.FindGroupMemberAsync(groupId, userId) ?? throw NotAMember();
        if (member.Role < least)
        {
            throw RequestException.Forbidden(least == StoreRole.Owner
                ? $"Only the group's owner may {what}."
                : $"Only the group's admins and owner may {what}.");
        }

        return member.Role;
    }

    /// <summary>Pushes a change's system messages and tells the members' other sessions (<c>UPDATED</c>, member = who did it).</summary>
    private void AnnounceUpdate(GroupChangeResult result, Session session)
    {
        if (!result.Changed)
        {
            return;
        }

        PushGroupEvents(result.Group.GroupId, result.Events);
        sessions.PublishToGroup(result.Group.GroupId, GroupNotice(ProtoMapping.Group(result.Group), GroupChange.Updated, ProtoMapping.Profile(session.User!)), except: session);
    }

    private static GroupInvite Invite(GroupInviteRecord invite) => new()
    {
        GroupId = invite.GroupId,
        Code = invite.Code,
        CreatedBy = invite.CreatedBy,
        CreatedAt = Timestamp.FromDateTimeOffset(invite.CreatedAt),
        ExpiresAt = invite.ExpiresAt is { } expires ? Timestamp.FromDateTimeOffset(expires) : null,
        MaxUses = invite.MaxUses ?? 0,
        Uses = invite.Uses,
    };
}
