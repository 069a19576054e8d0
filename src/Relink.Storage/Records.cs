namespace Relink.Storage;

/// <summary>Whether a conversation is between two users or in a group.</summary>
public enum ConversationKind
{
    /// <summary>1:1 between two friends.</summary>
    Direct = 1,

    /// <summary>A group's conversation.</summary>
    Group = 2,
}

/// <summary>What a message's text holds.</summary>
public enum MessageKind
{
    /// <summary>Plain text.</summary>
    Text = 1,

    /// <summary>An emoji id such as "f_22".</summary>
    Emoji = 2,

    /// <summary>
    /// An event, not content: the sender edited the text message at <see cref="StoredMessage.TargetSeq"/>; the text
    /// is the new version (emptied if that message is later recalled). Made by <see cref="IChatStore.ChangeMessageAsync"/>.
    /// </summary>
    Edit = 3,

    /// <summary>
    /// An event, not content: the sender recalled the message at <see cref="StoredMessage.TargetSeq"/>; no text.
    /// Made by <see cref="IChatStore.ChangeMessageAsync"/>.
    /// </summary>
    Recall = 4,

    /// <summary>A system message: someone joined the group or was added (text: <see cref="GroupEventText.Member"/>).</summary>
    MemberJoined = 5,

    /// <summary>A system message: a member left by themselves (text: <see cref="GroupEventText.Member"/>).</summary>
    MemberLeft = 6,

    /// <summary>A system message: the sender removed a member (text: <see cref="GroupEventText.Member"/>).</summary>
    MemberRemoved = 7,

    /// <summary>A system message: the sender renamed the group (text: the new name).</summary>
    GroupRenamed = 8,

    /// <summary>A system message: a member's role changed (text: <see cref="GroupEventText.Role"/>).</summary>
    RoleChanged = 9,
}

/// <summary>A user's public profile.</summary>
public sealed record UserRecord(string UserId, string Nickname, string Head, DateTimeOffset CreatedAt);

/// <summary>A user with the secret parts the server needs to authenticate them.</summary>
public sealed record UserCredentials(UserRecord User, string PasswordHash, bool Disabled);

/// <summary>A user to create.</summary>
public sealed record NewUser(string UserId, string Nickname, string Head, string PasswordHash, DateTimeOffset CreatedAt);

/// <summary>A group. No members left: the group is closed. Public: anyone may join by its id.</summary>
public sealed record GroupRecord(
    string GroupId, string Name, string Head, string OwnerId, int MemberCount, DateTimeOffset CreatedAt,
    bool IsPublic = false, GroupHistory History = GroupHistory.FromJoin);

/// <summary>A message to store. The store assigns its id and sequence number.</summary>
/// <param name="ConversationId">Canonical id (<see cref="ConversationId"/>); the conversation must exist.</param>
/// <param name="SenderId">The authenticated sender.</param>
/// <param name="ClientMsgId">The sender's idempotency key: (SenderId, ClientMsgId) is stored at most once.</param>
/// <param name="Kind">Text or emoji.</param>
/// <param name="Text">The content.</param>
/// <param name="SentAt">Server time at acceptance.</param>
/// <param name="SenderDeviceId">The device it was sent from, when known: its delivery cursor stays where it was
/// (see <see cref="IChatStore.AppendMessageAsync"/>).</param>
public sealed record NewMessage(string ConversationId, string SenderId, string ClientMsgId, MessageKind Kind, string Text, DateTimeOffset SentAt, string? SenderDeviceId = null);

/// <summary>A stored message, in its current version.</summary>
/// <remarks>
/// TargetSeq: for an <see cref="MessageKind.Edit"/> or <see cref="MessageKind.Recall"/> event, the message it changes
/// (0 otherwise). EditedAt: when the message was last edited, or null if never. Recalled: the sender recalled the
/// message, and its text is gone from the store (empty).
/// </remarks>
public sealed record StoredMessage(
    long Id,
    string ConversationId,
    long Seq,
    string SenderId,
    string SenderNickname,
    string SenderHead,
    MessageKind Kind,
    string Text,
    DateTimeOffset SentAt,
    string ClientMsgId,
    long TargetSeq = 0,
    DateTimeOffset? EditedAt = null,
    bool Recalled = false);

/// <summary>The outcome of an append: the stored message, and whether it had been stored before.</summary>
public sealed record AppendResult(StoredMessage Message, bool Duplicate);

/// <summary>
/// One entry of a user's talk list, with everything a client needs to draw it.
/// </summary>
/// <param name="ConversationId">Canonical id.</param>
/// <param name="Kind">Direct or group.</param>
/// <param name="PeerId">The other user (direct) or the group id.</param>
/// <param name="Name">Friend's nickname or group name.</param>
/// <param name="Head">Friend's or group's head image.</param>
/// <param name="LastActivity">Time of the last message, or when the talk was opened if later.</param>
/// <param name="LastMessage">The last message, if any.</param>
/// <param name="LastSeq">The conversation's last sequence number (0 when empty).</param>
/// <param name="ReadSeq">The user's read cursor.</param>
/// <param name="DeliveredSeq">The device's delivery cursor (defaults to the read cursor for a new device).</param>
/// <param name="Unread">Messages from others after the read cursor that are news: text and emoji, not edits, recalls or group system messages.</param>
/// <param name="Latest">Up to the requested number of latest messages, oldest first.</param>
public sealed record TalkRecord(
    string ConversationId,
    ConversationKind Kind,
    string PeerId,
    string Name,
    string Head,
    DateTimeOffset LastActivity,
    StoredMessage? LastMessage,
    long LastSeq,
    long ReadSeq,
    long DeliveredSeq,
    int Unread,
    IReadOnlyList<StoredMessage> Latest);

/// <summary>A delivery cursor: a device has received a conversation's messages up to <paramref name="Seq"/>.</summary>
public sealed record DeliveryCursor(string ConversationId, long Seq);

/// <summary>
/// A resume token as stored: only its hash, bound to user and device, plus the token it replaced, for the rotation
/// grace (a client whose resume answer was lost still holds that one).
/// </summary>
/// <param name="UserId">The token's user.</param>
/// <param name="DeviceId">The token's device.</param>
/// <param name="TokenHash">The SHA-256 hash of the current token.</param>
/// <param name="ExpiresAt">When the current token stops working.</param>
/// <param name="PreviousHash">
/// The hash of the token the last rotation replaced, or null (after a login, a revocation, or in a database from
/// before the grace existed).
/// </param>
/// <param name="RotatedAt">When <paramref name="PreviousHash"/> was first replaced; null with it.</param>
public sealed record ResumeTokenRecord(
    string UserId,
    string DeviceId,
    byte[] TokenHash,
    DateTimeOffset ExpiresAt,
    byte[]? PreviousHash = null,
    DateTimeOffset? RotatedAt = null);

/// <summary>A page of users.</summary>
public sealed record UserPage(IReadOnlyList<UserRecord> Users, bool HasMore);

/// <summary>A page of messages, oldest first.</summary>
public sealed record MessagePage(IReadOnlyList<StoredMessage> Messages, bool HasMore, long LastSeq);
