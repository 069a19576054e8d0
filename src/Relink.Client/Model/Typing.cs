namespace Relink.Client;

/// <summary>Someone typing in a conversation (see <see cref="RelinkClient.TypingChanged"/>).</summary>
/// <param name="UserId">Who is typing.</param>
/// <param name="Nickname">Their nickname when the signal was sent.</param>
public sealed record TypingUser(string UserId, string Nickname);

/// <summary>Who is typing in one conversation, after a change: someone started, stopped, or their signal expired.</summary>
public sealed record TypingChange
{
    /// <summary>The conversation, as this user addresses it: the friend (1:1) or the group.</summary>
    public Peer Conversation { get; init; } = Peer.None;

    /// <summary>Everyone typing there now, in the order they started; empty when nobody is.</summary>
    public IReadOnlyList<TypingUser> Typing { get; init; } = [];
}
