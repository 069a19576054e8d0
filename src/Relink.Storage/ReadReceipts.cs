namespace Relink.Storage;

/// <summary>A user's read cursor in a conversation after <see cref="IChatStore.MarkReadAsync"/>.</summary>
/// <param name="ReadSeq">The read cursor after the call.</param>
/// <param name="Unread">Messages after the read cursor that are news (as <see cref="TalkRecord.Unread"/> counts them).</param>
/// <param name="Moved">Whether this call moved the cursor (false when it was already there or further).</param>
public sealed record ReadMark(long ReadSeq, int Unread, bool Moved);

/// <summary>How far one participant of a conversation has read and received it.</summary>
/// <param name="User">The participant.</param>
/// <param name="ReadSeq">Their read cursor: they have read every message up to this sequence number.</param>
/// <param name="DeliveredSeq">The furthest any of their devices has received (at least <paramref name="ReadSeq"/>).</param>
public sealed record ReadPositionRecord(UserRecord User, long ReadSeq, long DeliveredSeq);
