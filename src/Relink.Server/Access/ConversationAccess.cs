using Relink.Storage;

namespace Relink.Server.Access;

/// <summary>The access rules answered from the store, on every call.</summary>
public sealed class ConversationAccess(IChatStore store) : IConversationAccess
{
    /// <inheritdoc />
    public async ValueTask<bool> MayUseAsync(string userId, string conversationId)
    {
        if (ConversationId.IsGroup(conversationId))
        {
            return await store.IsGroupMemberAsync(ConversationId.GroupIdOf(conversationId), userId);
        }

        return ConversationId.TryGetParticipants(conversationId, out string? a, out string? b)
            && a != b
            && (a == userId || b == userId)
            && await store.AreFriendsAsync(userId, a == userId ? b : a);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TakesPartAsync(string userId, string conversationId)
    {
        if (ConversationId.IsGroup(conversationId))
        {
            return await store.IsGroupMemberAsync(ConversationId.GroupIdOf(conversationId), userId);
        }

        return ConversationId.TryGetParticipants(conversationId, out string? a, out string? b) && (a == userId || b == userId);
    }

    /// <inheritdoc />
    public Task<bool> IsMemberAsync(string groupId, string userId) => store.IsGroupMemberAsync(groupId, userId);

    /// <inheritdoc />
    public Task<bool> AreFriendsAsync(string userId, string otherUserId) => store.AreFriendsAsync(userId, otherUserId);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FriendsAmongAsync(string userId, IReadOnlyCollection<string> candidates) =>
        store.FilterFriendsAsync(userId, candidates);

    /// <inheritdoc />
    /// <remarks>Nothing to forget: every answer comes from the store.</remarks>
    public void Invalidate(string userId)
    {
    }

    /// <inheritdoc />
    /// <remarks>Nothing to forget: every answer comes from the store.</remarks>
    public void InvalidateGroup(string groupId)
    {
    }
}
