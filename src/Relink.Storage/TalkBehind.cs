namespace Relink.Storage;

/// <summary>
/// A listed talk whose newest message is past a device's delivery cursor: what that device still has to fetch.
/// </summary>
/// <param name="ConversationId">The canonical conversation id.</param>
/// <param name="Kind">Direct or group.</param>
/// <param name="PeerId">The other user (direct) or the group id, as the talk list names it.</param>
/// <param name="LastSeq">The conversation's last sequence number.</param>
/// <param name="DeliveredSeq">The device's delivery cursor (its read cursor when it has none of its own).</param>
public sealed record TalkBehind(string ConversationId, ConversationKind Kind, string PeerId, long LastSeq, long DeliveredSeq);
