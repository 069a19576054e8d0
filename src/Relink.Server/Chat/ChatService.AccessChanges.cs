namespace Relink.Server.Chat;

/// <summary>
/// The one door for every change of who may use what. Authorisation is answered from memory
/// (<see cref="Access.ConversationAccessCache"/>), so a store call that makes, ends or blocks a friendship, or adds
/// or removes a group member (or creates or deletes a group), must go through <see cref="ChangeFriendshipAsync"/> or
/// <see cref="ChangeMembershipAsync{T}(string, Task{T})"/>: they let the change commit, then drop what the cache
/// knew, before the handler answers. The next send is then authorised against the store as it is after the change.
/// A new kind of change (unfriend, block, kick, roles) calls the store inside one of these and is done; on several
/// nodes, <see cref="AccessRelay"/> hands the change to the other nodes' caches before the handler answers.
/// </summary>
public sealed partial class ChatService
{
    /// <summary>
    /// The other nodes, when there are any (the cluster router sets it): told of every change after this node's cache
    /// dropped it, so a user refused here is refused there too by the time the change is answered.
    /// </summary>
    internal Access.IAccessChangeRelay? AccessRelay { get; set; }

    /// <summary>Runs a change of the friendship of two users, then forgets what was known of both users' direct conversations.</summary>
    private async Task<T> ChangeFriendshipAsync<T>(string userA, string userB, Task<T> change)
    {
        try
        {
            return await change;
        }
        finally
        {
            // Also after a failure: a change that failed after its commit (a lost answer) must not leave a stale answer.
            access.Invalidate(userA);
            access.Invalidate(userB);
            if (AccessRelay is { } relay)
            {
                await relay.FriendshipChangedAsync(userA, userB);
            }
        }
    }

    /// <summary>Runs a change of a group's members, then forgets what was known of who belongs to it.</summary>
    private async Task<T> ChangeMembershipAsync<T>(string groupId, Task<T> change)
    {
        try
        {
            return await change;
        }
        finally
        {
            await GroupChangedAsync(groupId);
        }
    }

    /// <summary>
    /// Creates a group, then forgets what was known of its id: a member may have been refused that id before it
    /// existed, and must not stay refused now that they belong to it.
    /// </summary>
    private async Task<Storage.GroupRecord> ChangeMembershipAsync(Task<Storage.GroupRecord> creation)
    {
        var group = await creation;
        await GroupChangedAsync(group.GroupId);
        return group;
    }

    private async ValueTask GroupChangedAsync(string groupId)
    {
        access.InvalidateGroup(groupId);
        if (AccessRelay is { } relay)
        {
            await relay.MembershipChangedAsync(groupId);
        }
    }
}
