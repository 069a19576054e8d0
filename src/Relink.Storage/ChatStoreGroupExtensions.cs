namespace Relink.Storage;

/// <summary>The short forms of <see cref="IChatStore"/>'s group changes, as the store's callers had them before roles.</summary>
public static class ChatStoreGroupExtensions
{
    /// <summary>
    /// Creates a private group whose new members read from their join onward (see <see cref="IChatStore.CreateGroupAsync(NewGroup, CancellationToken)"/>).
    /// </summary>
    public static Task<GroupRecord> CreateGroupAsync(this IChatStore store, string ownerId, string name, string head, IReadOnlyList<string> memberIds, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        store.CreateGroupAsync(new NewGroup(ownerId, name, head, memberIds, at), cancellationToken);

    /// <summary>Adds a member who joins by themselves; false when already one (see the overload with an actor).</summary>
    public static async Task<bool> AddGroupMemberAsync(this IChatStore store, string groupId, string userId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await store.AddGroupMemberAsync(groupId, userId, userId, at, cancellationToken)
            ?? throw new ArgumentException($"There is no group '{groupId}'.", nameof(groupId))).Changed;

    /// <summary>Removes a member who leaves by themselves; false when not one (see the overload with an actor).</summary>
    public static async Task<bool> RemoveGroupMemberAsync(this IChatStore store, string groupId, string userId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await store.RemoveGroupMemberAsync(groupId, userId, userId, at, cancellationToken))?.Changed ?? false;
}
