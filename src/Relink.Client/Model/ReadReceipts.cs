namespace Relink.Client;

/// <summary>
/// Another participant read or received further in a conversation (see <see cref="RelinkClient.MessageRead"/>).
/// Values only grow: keep the highest seen per user; 0 means "not known".
/// </summary>
public sealed record ReadReceipt
{
    /// <summary>The conversation, as this user addresses it: the friend (1:1) or the group.</summary>
    public Peer Conversation { get; init; } = Peer.None;

    /// <summary>Whose position moved.</summary>
    public string UserId { get; init; } = "";

    /// <summary>They have read every message up to this sequence number (0: not known, or their receipts are off).</summary>
    public long ReadSeq { get; init; }

    /// <summary>1:1 only: a device of theirs has received every message up to this sequence number (0 in groups).</summary>
    public long DeliveredSeq { get; init; }
}

/// <summary>This user's read position moved on another of their devices (see <see cref="RelinkClient.ReadSynced"/>).</summary>
public sealed record ReadSync
{
    /// <summary>The conversation, as this user addresses it.</summary>
    public Peer Conversation { get; init; } = Peer.None;

    /// <summary>The canonical conversation id.</summary>
    public string ConversationId { get; init; } = "";

    /// <summary>This user has read every message up to this sequence number.</summary>
    public long ReadSeq { get; init; }

    /// <summary>Messages from others after it, when it moved: the talk's unread badge.</summary>
    public int Unread { get; init; }
}

/// <summary>How far one participant has read and received a conversation (see <see cref="RelinkClient.GetReadPositionsAsync"/>).</summary>
/// <param name="User">The participant.</param>
/// <param name="ReadSeq">They have read every message up to here.</param>
/// <param name="DeliveredSeq">A device of theirs has received every message up to here (at least <paramref name="ReadSeq"/>).</param>
public sealed record ReadPosition(UserProfile User, long ReadSeq, long DeliveredSeq);
