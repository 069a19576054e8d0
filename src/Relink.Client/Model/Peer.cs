namespace Relink.Client;

/// <summary>What kind of conversation a <see cref="Peer"/> names.</summary>
public enum ConversationKind
{
    /// <summary>Not said (a server newer than this SDK may use a kind it does not know).</summary>
    Unspecified = 0,

    /// <summary>One to one, between two friends.</summary>
    Direct = 1,

    /// <summary>A group's conversation.</summary>
    Group = 2,
}

/// <summary>
/// A conversation as this user addresses it: for <see cref="ConversationKind.Direct"/> the other user's id, for
/// <see cref="ConversationKind.Group"/> the group id. <see cref="Peers.User"/> and <see cref="Peers.Group"/> make one.
/// </summary>
/// <param name="Kind">Direct or group.</param>
/// <param name="Id">The other user's id, or the group id.</param>
public sealed record Peer(ConversationKind Kind, string Id)
{
    // What a message or talk carries when the server named no peer; shared, as records are immutable.
    internal static Peer None { get; } = new(ConversationKind.Unspecified, "");
}
