namespace Relink.Client;

/// <summary>One entry of the user's talk list (a conversation box): whom it is with, where it stands, its latest messages.</summary>
public sealed record Talk
{
    /// <summary>The conversation as this user addresses it.</summary>
    public Peer Peer { get; init; } = Peer.None;

    /// <summary>The canonical conversation id (see <see cref="ChatMessage.ConversationId"/>).</summary>
    public string ConversationId { get; init; } = "";

    /// <summary>The friend's nickname or the group's name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The friend's or group's avatar.</summary>
    public string Head { get; init; } = "";

    /// <summary>The last message, shortened: <c>[emoji]</c> for an emoji, <c>nick: text</c> in groups.</summary>
    public string Sketch { get; init; } = "";

    /// <summary>When the last message was stored (the server's clock); null when there was none.</summary>
    public DateTimeOffset? LastActivity { get; init; }

    /// <summary>Messages from others after the read cursor (<see cref="RelinkClient.MarkReadAsync"/>).</summary>
    public int Unread { get; init; }

    /// <summary>The conversation's latest seq.</summary>
    public long LastSeq { get; init; }

    /// <summary>How far the user read (shared by all the user's devices).</summary>
    public long ReadSeq { get; init; }

    /// <summary>How far this device received.</summary>
    public long DeliveredSeq { get; init; }

    /// <summary>The latest messages, oldest first (may be fewer than asked for).</summary>
    public IReadOnlyList<ChatMessage> Latest { get; init; } = [];
}
