using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

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

        return GroupOk(await CreateGroupAsync(session.User!, name, head, members, creator: session));
    }

    /// <summary>
    /// Creates a group owned by <paramref name="owner"/> with <paramref name="members"/> (checked by the caller, the
    /// owner not among them), for a client's create_group and the server API's alike. Every online session of the
    /// members and the owner but the creating connection is told (<c>JOINED</c>, member = the owner) and receives the
    /// group's messages from now on.
    /// </summary>
    internal async Task<GroupRecord> CreateGroupAsync(UserRecord owner, string name, string head, IReadOnlyList<string> members, Session? creator)
    {
        var group = await ChangeMembershipAsync(store.CreateGroupAsync(owner.UserId, name, head, members, Now));
        foreach (string member in members.Prepend(owner.UserId))
        {
            sessions.JoinGroup(member, group.GroupId);
        }

        sessions.PublishToGroup(group.GroupId, GroupNotice(ProtoMapping.Group(group), GroupChange.Joined, ProtoMapping.Profile(owner)), except: creator);
        return group;
    }

    /// <summary>Joins a group by id. History before the join is readable but does not count as unread.</summary>
    public async Task<Envelope> JoinGroupAsync(Session session, JoinGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        await RequireGroupAsync(groupId);
        return GroupOk(await AddMemberAsync(groupId, session.User!, except: session));
    }

    /// <summary>Adds a friend of the caller to a group the caller is in.</summary>
    public async Task<Envelope> InviteToGroupAsync(Session session, InviteToGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        string invitee = Validate.UserId(request.UserId, "user_id");
        if (!await access.IsMemberAsync(groupId, session.UserId))
        {
            throw NotAMember();
        }

        if (!await access.AreFriendsAsync(session.UserId, invitee))
        {
            throw RequestException.Forbidden($"'{invitee}' is not your friend; only friends can be invited.");
        }

        return GroupOk(await AddMemberAsync(groupId, await RequireUserAsync(invitee), except: session));
    }

    /// <summary>Leaves a group; its history stays for the others.</summary>
    public async Task<Envelope> LeaveGroupAsync(Session session, LeaveGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        var group = await RemoveMemberAsync(groupId, session.User!, except: session) ?? throw NotAMember(); // the removal itself says whether the caller was a member
        return GroupOk(group);
    }

    /// <summary>The caller's groups.</summary>
    public async Task<Envelope> ListGroupsAsync(Session session)
    {
        var response = new ListGroupsResponse();
        response.Groups.AddRange((await store.ListGroupsOfUserAsync(session.UserId)).Select(ProtoMapping.Group));
        return new Envelope { ListGroupsOk = response };
    }

    /// <summary>A group's members, for members only.</summary>
    public async Task<Envelope> ListGroupMembersAsync(Session session, ListGroupMembersRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        if (!await access.IsMemberAsync(groupId, session.UserId))
        {
            throw NotAMember();
        }

        var response = new ListGroupMembersResponse();
        response.Members.AddRange((await store.ListGroupMembersAsync(groupId)).Select(ProtoMapping.Profile));
        return new Envelope { ListGroupMembersOk = response };
    }

    /// <summary>
    /// Adds a member, for join, invite and the server API. If they were not one already, every online session of the
    /// members and of the new member but <paramref name="except"/> (the asking connection) is told (<c>JOINED</c>,
    /// member = them), and the new member's sessions receive the group's messages from now on.
    /// </summary>
    /// <returns>The group as it is after the change.</returns>
    internal async Task<GroupRecord> AddMemberAsync(string groupId, UserRecord member, Session? except)
    {
        bool added = await ChangeMembershipAsync(groupId, store.AddGroupMemberAsync(groupId, member.UserId, Now));
        var group = await RequireGroupAsync(groupId);
        if (added)
        {
            var notice = GroupNotice(ProtoMapping.Group(group), GroupChange.Joined, ProtoMapping.Profile(member));
            sessions.PublishToGroup(groupId, notice, except); // the existing members (and the member's other devices, after the join below)
            sessions.JoinGroup(member.UserId, groupId);
            sessions.PublishToUser(member.UserId, notice, except);
        }

        return group;
    }

    /// <summary>
    /// Removes a member, for leave and the server API; the history stays. The remaining members' and the removed
    /// member's online sessions but <paramref name="except"/> are told (<c>LEFT</c>, member = them).
    /// </summary>
    /// <returns>The group as it is after the change, or null when the user was not a member (or there is no such group).</returns>
    internal async Task<GroupRecord?> RemoveMemberAsync(string groupId, UserRecord member, Session? except)
    {
        if (!await ChangeMembershipAsync(groupId, store.RemoveGroupMemberAsync(groupId, member.UserId, Now)))
        {
            return null;
        }

        sessions.LeaveGroup(member.UserId, groupId);
        var group = await RequireGroupAsync(groupId);
        var notice = GroupNotice(ProtoMapping.Group(group), GroupChange.Left, ProtoMapping.Profile(member));
        sessions.PublishToGroup(groupId, notice);
        sessions.PublishToUser(member.UserId, notice, except);
        return group;
    }

    private static Envelope GroupOk(GroupRecord group) => new() { GroupOk = new GroupResponse { Group = ProtoMapping.Group(group) } };

    private static OutboundFrame GroupNotice(GroupInfo group, GroupChange change, UserProfile member) =>
        new(new Envelope { GroupChanged = new GroupChangedNotice { Group = group, Change = change, Member = member } });
}
