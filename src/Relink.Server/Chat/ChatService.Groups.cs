using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;
using StoreHistory = Relink.Storage.GroupHistory;
using StoreRole = Relink.Storage.GroupRole;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>Creates a group owned by the caller, with friends of the caller as first members.</summary>
    public async Task<Envelope> CreateGroupAsync(Session session, CreateGroupRequest request)
    {
        string me = session.UserId;
        (string name, string head, var members) = Validate.NewGroup(request.Name, request.Head, request.MemberIds, me);
        var friends = await access.FriendsAmongAsync(me, members);
        if (members.FirstOrDefault(id => !friends.Contains(id)) is { } stranger)
        {
            throw RequestException.Forbidden($"'{stranger}' is not your friend; only friends can be added to a group.");
        }

        var settings = new GroupSettingsChange(IsPublic: request.IsPublic, History: GroupHistoryOf(request.History, "history"));
        return GroupOk(await CreateGroupAsync(session.User!, name, head, members, creator: session, settings));
    }

    /// <summary>
    /// Creates a group owned by <paramref name="owner"/> with <paramref name="members"/> (checked by the caller, the
    /// owner not among them), for a client's create_group and the server API's alike. Every online session of the
    /// members and the owner but the creating connection is told (<c>JOINED</c>, member = the owner) and receives the
    /// group's messages from now on. Without <paramref name="settings"/>: private, history from the join onward.
    /// </summary>
    internal async Task<GroupRecord> CreateGroupAsync(UserRecord owner, string name, string head, IReadOnlyList<string> members, Session? creator, GroupSettingsChange? settings = null)
    {
        var group = await ChangeMembershipAsync(store.CreateGroupAsync(new NewGroup(
            owner.UserId, name, head, members, Now, settings?.IsPublic ?? false, settings?.History ?? StoreHistory.FromJoin)));
        foreach (string member in members.Prepend(owner.UserId))
        {
            sessions.JoinGroup(member, group.GroupId);
        }

        sessions.PublishToGroup(group.GroupId, GroupNotice(ProtoMapping.Group(group), GroupChange.Joined, ProtoMapping.Profile(owner)), except: creator);
        return group;
    }

    /// <summary>
    /// Joins a group: with an invite code of the group, or by its id alone when the group is public. A closed group
    /// (no members left) takes no one. Unknown groups and private ones answer alike, so the answer does not tell
    /// which private groups exist.
    /// </summary>
    public async Task<Envelope> JoinGroupAsync(Session session, JoinGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        if (request.Code.Length > 0)
        {
            string code = Validate.Text(request.Code, "code", 1, GroupInviteCodes.MaxLength);
            var joined = await ChangeMembershipAsync(groupId, store.JoinGroupWithInviteAsync(groupId, code, session.UserId, Now))
                ?? throw new RequestException(ErrorCode.InviteInvalid, "This invite code does not work (any more) for that group: ask for a new one.", "code");
            return GroupOk(AnnounceJoin(joined, session.User!, except: session));
        }

        var group = await store.FindGroupAsync(groupId);
        if (group is null || !group.IsPublic || group.MemberCount == 0)
        {
            throw RequestException.Forbidden("That group takes new members by invitation or invite code only.");
        }

        return GroupOk(await AddMemberAsync(groupId, session.User!, actorId: session.UserId, except: session));
    }

    /// <summary>Adds a friend of the caller to a group the caller administers.</summary>
    public async Task<Envelope> InviteToGroupAsync(Session session, InviteToGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        string invitee = Validate.UserId(request.UserId, "user_id");
        await RequireRoleAsync(groupId, session.UserId, StoreRole.Admin, "invite members");
        if (!await access.AreFriendsAsync(session.UserId, invitee))
        {
            throw RequestException.Forbidden($"'{invitee}' is not your friend; only friends can be invited.");
        }

        return GroupOk(await AddMemberAsync(groupId, await RequireUserAsync(invitee), actorId: session.UserId, except: session));
    }

    /// <summary>Leaves a group; its history stays for the others. An owner who leaves hands the group on (store rule).</summary>
    public async Task<Envelope> LeaveGroupAsync(Session session, LeaveGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        var group = await RemoveMemberAsync(groupId, session.User!, actorId: session.UserId, except: session) ?? throw NotAMember(); // the removal itself says whether the caller was a member
        return GroupOk(group);
    }

    /// <summary>The caller's groups.</summary>
    public async Task<Envelope> ListGroupsAsync(Session session)
    {
        var response = new ListGroupsResponse();
        response.Groups.AddRange((await store.ListGroupsOfUserAsync(session.UserId)).Select(ProtoMapping.Group));
        return new Envelope { ListGroupsOk = response };
    }

    /// <summary>A group's members with their roles, for members only.</summary>
    public async Task<Envelope> ListGroupMembersAsync(Session session, ListGroupMembersRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        if (!await access.IsMemberAsync(groupId, session.UserId))
        {
            throw NotAMember();
        }

        var response = new ListGroupMembersResponse();
        foreach (var member in await store.ListGroupMemberRolesAsync(groupId))
        {
            var profile = ProtoMapping.Profile(member.User);
            response.Members.Add(profile);
            response.Roles.Add(new GroupMember { Profile = profile, Role = (Protocol.Messages.GroupRole)member.Role });
        }

        return new Envelope { ListGroupMembersOk = response };
    }

    /// <summary>
    /// Adds a member, for join, invite and the server API (<paramref name="actorId"/>: who added them, or the member).
    /// If they were not one already, every online session of the members and of the new member but
    /// <paramref name="except"/> (the asking connection) is told (<c>JOINED</c>, member = them) and gets the join
    /// message, and the new member's sessions receive the group's messages from now on.
    /// </summary>
    /// <returns>The group as it is after the change.</returns>
    internal async Task<GroupRecord> AddMemberAsync(string groupId, UserRecord member, string actorId, Session? except)
    {
        var result = await ChangeMembershipAsync(groupId, store.AddGroupMemberAsync(groupId, member.UserId, actorId, Now))
            ?? throw RequestException.NotFound($"No group '{groupId}'.");
        return AnnounceJoin(result, member, except);
    }

    private GroupRecord AnnounceJoin(GroupChangeResult result, UserRecord member, Session? except)
    {
        if (result.Changed)
        {
            string groupId = result.Group.GroupId;
            var notice = GroupNotice(ProtoMapping.Group(result.Group), GroupChange.Joined, ProtoMapping.Profile(member));
            sessions.PublishToGroup(groupId, notice, except); // the existing members (and the member's other devices, after the join below)
            sessions.JoinGroup(member.UserId, groupId);
            sessions.PublishToUser(member.UserId, notice, except);
            PushGroupEvents(groupId, result.Events);
        }

        return result.Group;
    }

    /// <summary>
    /// Removes a member, for leave, remove and the server API; the history stays. The remaining members get the system
    /// messages; then their online sessions and the removed member's but <paramref name="except"/> are told (<c>LEFT</c>, or <c>REMOVED</c> when
    /// <paramref name="actorId"/> is someone else).
    /// </summary>
    /// <returns>The group as it is after the change, or null when the user was not a member (or there is no such group).</returns>
    internal async Task<GroupRecord?> RemoveMemberAsync(string groupId, UserRecord member, string actorId, Session? except)
    {
        var result = await ChangeMembershipAsync(groupId, store.RemoveGroupMemberAsync(groupId, member.UserId, actorId, Now));
        if (result is not { Changed: true })
        {
            return null;
        }

        sessions.LeaveGroup(member.UserId, groupId);
        PushGroupEvents(groupId, result.Events); // for those who stay; the member learns it from the notice below
        var change = actorId == member.UserId ? GroupChange.Left : GroupChange.Removed;
        var notice = GroupNotice(ProtoMapping.Group(result.Group), change, ProtoMapping.Profile(member));
        sessions.PublishToGroup(groupId, notice);
        sessions.PublishToUser(member.UserId, notice, except);
        return result.Group;
    }

    /// <summary>Pushes a group's system messages to its members' online sessions, as a message is pushed, in order.</summary>
    private void PushGroupEvents(string groupId, IEnumerable<StoredMessage> events)
    {
        var peer = new Peer { Kind = Protocol.Messages.ConversationKind.Group, Id = groupId };
        foreach (var stored in events)
        {
            FanOut(stored.SenderId, peer, stored, except: null, time.GetTimestamp(), publishing: null);
        }
    }

    private static StoreHistory? GroupHistoryOf(Protocol.Messages.GroupHistory history, string field) => history switch
    {
        Protocol.Messages.GroupHistory.FromJoin => StoreHistory.FromJoin,
        Protocol.Messages.GroupHistory.Whole => StoreHistory.Whole,
        _ => throw RequestException.Invalid(field, "History is GROUP_HISTORY_FROM_JOIN or GROUP_HISTORY_WHOLE."),
    };

    private static Envelope GroupOk(GroupRecord group) => new() { GroupOk = new GroupResponse { Group = ProtoMapping.Group(group) } };

    private static OutboundFrame GroupNotice(GroupInfo group, GroupChange change, UserProfile member) =>
        new(new Envelope { GroupChanged = new GroupChangedNotice { Group = group, Change = change, Member = member } });
}
