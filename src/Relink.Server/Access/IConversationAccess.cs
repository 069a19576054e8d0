namespace Relink.Server.Access;

/// <summary>
/// Who may use what, for a logged-in user: every conversation, friendship and group-membership check of the chat
/// service asks here, and nowhere else. An interface, so a cache can stand in front of the store; the chat service's
/// friend and group handlers (add friend, create, join, invite, leave) are the only places those answers change.
/// </summary>
/// <remarks>Conversations are named by their canonical id (<see cref="Relink.Storage.ConversationId"/>).</remarks>
public interface IConversationAccess
{
    /// <summary>
    /// Whether <paramref name="userId"/> may read and write a conversation (send, page history, open, mark read): the
    /// other user is a friend, for a direct conversation, or the user is a member, for a group's. False for a
    /// conversation with oneself and for an id that names no conversation.
    /// </summary>
    ValueTask<bool> MayUseAsync(string userId, string conversationId);

    /// <summary>
    /// Whether <paramref name="userId"/> takes part in a conversation, friends or not: one of its two users, or a member
    /// of its group. Enough to move one's own delivery cursor in it.
    /// </summary>
    ValueTask<bool> TakesPartAsync(string userId, string conversationId);

    /// <summary>Whether <paramref name="userId"/> is a member of the group.</summary>
    Task<bool> IsMemberAsync(string groupId, string userId);

    /// <summary>Whether two users are friends.</summary>
    Task<bool> AreFriendsAsync(string userId, string otherUserId);

    /// <summary>Those of <paramref name="candidates"/> who are friends of <paramref name="userId"/>.</summary>
    Task<IReadOnlySet<string>> FriendsAmongAsync(string userId, IReadOnlyCollection<string> candidates);
}
