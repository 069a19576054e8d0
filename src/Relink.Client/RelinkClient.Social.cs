using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>Finds users whose id or nickname matches <paramref name="key"/>; an empty key lists the newest users.</summary>
    /// <param name="key">Part of a user id or nickname.</param>
    /// <param name="offset">Results to skip (paging).</param>
    /// <param name="limit">1..50.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<UserSearchResult> SearchUsersAsync(string? key = null, int offset = 0, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var request = new Envelope { SearchUsers = new SearchUsersRequest { Key = key ?? "", Offset = offset, Limit = limit } };
        return RequestAsync(
            request,
            Envelope.BodyOneofCase.SearchUsersOk,
            a => a.SearchUsersOk.ToModel(),
            cancellationToken);
    }

    /// <summary>
    /// Asks <paramref name="userId"/> for friendship without a note: friends at once only when they already were or
    /// they had asked first (both sides then get FriendAdded); otherwise the request waits for them to accept.
    /// <see cref="RequestFriendAsync"/> says which.
    /// </summary>
    /// <returns>The user's profile.</returns>
    public Task<UserProfile> AddFriendAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var request = new Envelope { AddFriend = new AddFriendRequest { UserId = userId } };
        return RequestAsync(
            request,
            Envelope.BodyOneofCase.AddFriendOk,
            a => a.AddFriendOk.Friend.ToModel(),
            cancellationToken,
            (_, a) =>
            {
                if (!a.AddFriendOk.Pending)
                {
                    _view.FriendAdded(a.AddFriendOk.Friend.ToModel());
                }
            });
    }

    /// <summary>Lists the user's friends.</summary>
    public Task<IReadOnlyList<UserProfile>> GetFriendsAsync(CancellationToken cancellationToken = default) =>
        RequestAsync(
            new Envelope { ListFriends = new ListFriendsRequest() },
            Envelope.BodyOneofCase.ListFriendsOk,
            a => a.ListFriendsOk.Friends.ToModel(),
            cancellationToken);

    /// <summary>Creates a group owned by the user, with <paramref name="memberIds"/> (friends) added at once.</summary>
    /// <param name="name">1..64 characters.</param>
    /// <param name="memberIds">Friends to add.</param>
    /// <param name="head">An avatar id or URL.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The new group, with its server-assigned id.</returns>
    public Task<GroupInfo> CreateGroupAsync(string name, IEnumerable<string>? memberIds = null, string? head = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var create = new CreateGroupRequest { Name = name, Head = head ?? "" };
        create.MemberIds.AddRange(memberIds ?? []);
        return GroupRequestAsync(new Envelope { CreateGroup = create }, cancellationToken);
    }

    /// <summary>Joins group <paramref name="groupId"/>.</summary>
    public Task<GroupInfo> JoinGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return GroupRequestAsync(new Envelope { JoinGroup = new JoinGroupRequest { GroupId = groupId } }, cancellationToken);
    }

    /// <summary>Adds <paramref name="userId"/> to group <paramref name="groupId"/>.</summary>
    public Task<GroupInfo> InviteToGroupAsync(string groupId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return GroupRequestAsync(new Envelope { InviteToGroup = new InviteToGroupRequest { GroupId = groupId, UserId = userId } }, cancellationToken);
    }

    /// <summary>Leaves group <paramref name="groupId"/>.</summary>
    public Task<GroupInfo> LeaveGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return RequestAsync(
            new Envelope { LeaveGroup = new LeaveGroupRequest { GroupId = groupId } },
            Envelope.BodyOneofCase.GroupOk,
            a => a.GroupOk.Group.ToModel(),
            cancellationToken,
            (_, _) => _view.LeftGroup(groupId));
    }

    /// <summary>Lists the groups the user belongs to.</summary>
    public Task<IReadOnlyList<GroupInfo>> GetGroupsAsync(CancellationToken cancellationToken = default) =>
        RequestAsync(
            new Envelope { ListGroups = new ListGroupsRequest() },
            Envelope.BodyOneofCase.ListGroupsOk,
            a => a.ListGroupsOk.Groups.ToModel(),
            cancellationToken);

    /// <summary>Lists the members of group <paramref name="groupId"/>.</summary>
    public Task<IReadOnlyList<UserProfile>> GetGroupMembersAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return RequestAsync(
            new Envelope { ListGroupMembers = new ListGroupMembersRequest { GroupId = groupId } },
            Envelope.BodyOneofCase.ListGroupMembersOk,
            a => a.ListGroupMembersOk.Members.ToModel(),
            cancellationToken);
    }

    // Creating, joining or inviting: either way the user is in the group the answer names.
    private Task<GroupInfo> GroupRequestAsync(Envelope request, CancellationToken cancellationToken) =>
        RequestAsync(request, Envelope.BodyOneofCase.GroupOk, a => a.GroupOk.Group.ToModel(), cancellationToken, (_, a) => _view.InGroup(a.GroupOk.Group.ToModel()));
}
