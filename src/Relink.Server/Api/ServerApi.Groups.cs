using Relink.Protocol.Messages;
using Relink.Server.Chat;
using Relink.Storage;

namespace Relink.Server.Api;

public sealed partial class ServerApi
{
    /// <summary>
    /// Creates a group owned by <c>ownerId</c> with <c>memberIds</c> as first members, friends of the owner or not.
    /// Online members and the owner are told as after a client's create_group.
    /// </summary>
    public async Task<ApiGroup> CreateGroupAsync(CreateGroupBody body)
    {
        var owner = await RequireUserAsync(Required(body.OwnerId, "ownerId"), "ownerId");
        (string name, string head, var given) = Validate.NewGroup(Required(body.Name, "name"), body.Head ?? "", body.MemberIds ?? [], owner.UserId);
        var members = new List<string>(given.Count);
        foreach (string member in given)
        {
            // As stored, whatever the case the id was given in.
            string id = (await store.FindUserAsync(member) ?? throw NoSuchUser(member, "memberIds")).UserId;
            if (id != owner.UserId && !members.Contains(id))
            {
                members.Add(id);
            }
        }

        var group = await chat.CreateGroupAsync(owner, name, head, members, creator: null);
        return await WithMembersAsync(group);
    }

    /// <summary>A group with its members.</summary>
    public async Task<ApiGroup> GetGroupAsync(string groupId) => await WithMembersAsync(await RequireGroupAsync(groupId, "id"));

    /// <summary>
    /// Adds a member (nothing changes when they are one), whatever the group's settings: the app decides who is in.
    /// The group's system message shows it as the member's own join. The members and the new member are told live.
    /// </summary>
    public async Task<ApiGroup> AddMemberAsync(string groupId, AddMemberBody body)
    {
        await RequireGroupAsync(groupId, "id");
        var member = await RequireUserAsync(Required(body.UserId, "userId"), "userId");
        return await WithMembersAsync(await chat.AddMemberAsync(groupId, member, actorId: member.UserId, except: null));
    }

    /// <summary>
    /// Removes a member; the history stays. The group's system message shows it as the member's own leave (an owner's
    /// leave hands the group on). The remaining members and the removed one are told live.
    /// </summary>
    public async Task<ApiGroup> RemoveMemberAsync(string groupId, string userId)
    {
        await RequireGroupAsync(groupId, "id");
        var member = await RequireUserAsync(userId, "userId");
        var group = await chat.RemoveMemberAsync(groupId, member, actorId: member.UserId, except: null)
            ?? throw new RequestException(ErrorCode.NotFound, $"'{userId}' is not a member of group {groupId}.", "userId");
        return await WithMembersAsync(group);
    }

    private async Task<ApiGroup> WithMembersAsync(GroupRecord group)
    {
        var members = await store.ListGroupMembersAsync(group.GroupId);
        return new ApiGroup(group.GroupId, group.Name, group.Head, group.OwnerId, group.MemberCount, group.CreatedAt,
            members.Select(m => new ApiMember(m.UserId, m.Nickname, m.Head)).ToList());
    }
}
