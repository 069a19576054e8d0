using Relink.Protocol.Messages;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    private const int MaxInitialMembers = 200;

    /// <summary>Creates a group owned by the caller, with friends of the caller as first members.</summary>
    public async Task<Envelope> CreateGroupAsync(Session session, CreateGroupRequest request)
    {
        string me = session.UserId;
        string name = Validate.Text(request.Name.Trim(), "name", 1, Validate.MaxGroupNameLength);
        string head = Validate.OptionalText(request.Head, "head", Validate.MaxHeadLength);
        if (request.MemberIds.Count > MaxInitialMembers)
        {
            throw RequestException.Invalid("member_ids", $"At most {MaxInitialMembers} members can be added at creation.");
        }

        var members = request.MemberIds.Select(id => Validate.UserId(id, "member_ids")).Where(id => id != me).Distinct().ToList();
        var friends = await access.FriendsAmongAsync(me, members);
        if (members.FirstOrDefault(id => !friends.Contains(id)) is { } stranger)
        {
            throw RequestException.Forbidden($"'{stranger}' is not your friend; only friends can be added to a group.");
        }

        var group = await store.CreateGroupAsync(me, name, head, members, Now);
        foreach (string member in members.Prepend(me))
        {
            sessions.JoinGroup(member, group.GroupId);
        }

        var info = ProtoMapping.Group(group);
        foreach (string member in members)
        {
            sessions.PublishToUser(member, GroupNotice(info, GroupChange.Joined, ProtoMapping.Profile(session.User!)));
        }

        return new Envelope { GroupOk = new GroupResponse { Group = info } };
    }

    /// <summary>Joins a group by id. History before the join is readable but does not count as unread.</summary>
    public async Task<Envelope> JoinGroupAsync(Session session, JoinGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        await RequireGroupAsync(groupId);
        return await AddMemberAsync(session, groupId, session.User!);
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

        return await AddMemberAsync(session, groupId, await RequireUserAsync(invitee));
    }

    /// <summary>Leaves a group; its history stays for the others.</summary>
    public async Task<Envelope> LeaveGroupAsync(Session session, LeaveGroupRequest request)
    {
        string groupId = Validate.GroupId(request.GroupId, "group_id");
        if (!await store.RemoveGroupMemberAsync(groupId, session.UserId, Now))
        {
            throw NotAMember(); // the removal itself says whether the caller was a member
        }

        sessions.LeaveGroup(session.UserId, groupId);
        var info = ProtoMapping.Group(await RequireGroupAsync(groupId));
        var notice = GroupNotice(info, GroupChange.Left, ProtoMapping.Profile(session.User!));
        sessions.PublishToGroup(groupId, notice);
        sessions.PublishToUser(session.UserId, notice, except: session);
        return new Envelope { GroupOk = new GroupResponse { Group = info } };
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

    private async Task<Envelope> AddMemberAsync(Session session, string groupId, UserRecord member)
    {
        bool added = await store.AddGroupMemberAsync(groupId, member.UserId, Now);
        var info = ProtoMapping.Group(await RequireGroupAsync(groupId));
        if (added)
        {
            var notice = GroupNotice(info, GroupChange.Joined, ProtoMapping.Profile(member));
            sessions.PublishToGroup(groupId, notice, except: session); // the existing members (and the member's other devices, after the join below)
            sessions.JoinGroup(member.UserId, groupId);
            sessions.PublishToUser(member.UserId, notice, except: session);
        }

        return new Envelope { GroupOk = new GroupResponse { Group = info } };
    }

    private static OutboundFrame GroupNotice(GroupInfo group, GroupChange change, UserProfile member) =>
        new(new Envelope { GroupChanged = new GroupChangedNotice { Group = group, Change = change, Member = member } });
}
