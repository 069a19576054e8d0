namespace Relink.Server.Access;

/// <summary>
/// Who may use what, for a logged-in user: every conversation, friendship and group-membership check of the chat
/// service asks here, and nowhere else. An interface, so a cache (<see cref="ConversationAccessCache"/>) can stand in
/// front of the store; every change of friendship or membership tells it through <see cref="Invalidate"/> and
/// <see cref="InvalidateGroup"/> (the chat service does so in one place: ChatService.AccessChanges.cs).
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

    /// <summary>
    /// Forgets what is known of <paramref name="userId"/>'s direct conversations (a friendship made, ended or blocked).
    /// Call after the change has committed and before answering the request that made it; a friendship names two
    /// users, so both are invalidated.
    /// </summary>
    void Invalidate(string userId);

    /// <summary>
    /// Forgets what is known of who belongs to the group (a member added or removed, a group created or deleted).
    /// Call after the change has committed and before answering the request that made it.
    /// </summary>
    void InvalidateGroup(string groupId);
}
