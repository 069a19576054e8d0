namespace Relink.Server.Access;

/// <summary>
/// Carries a change of who may use what to the other server nodes, whose <see cref="ConversationAccessCache"/>s
/// must drop what they knew too. The chat service calls it after the change committed and after its own node's
/// cache dropped it, and answers the request that made the change only once the call completes.
/// </summary>
public interface IAccessChangeRelay
{
    /// <summary>The friendship of two users was made, ended or blocked.</summary>
    ValueTask FriendshipChangedAsync(string userA, string userB);

    /// <summary>A group's members changed (added, removed, joined, the group created).</summary>
    ValueTask MembershipChangedAsync(string groupId);
}
