namespace Relink.Client;

/// <summary>Shorthands for the <see cref="Peer"/> a conversation is addressed by.</summary>
public static class Peers
{
    /// <summary>The 1:1 conversation with <paramref name="userId"/>.</summary>
    public static Peer User(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return new Peer(ConversationKind.Direct, userId);
    }

    /// <summary>The conversation of group <paramref name="groupId"/>.</summary>
    public static Peer Group(string groupId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        return new Peer(ConversationKind.Group, groupId);
    }
}
