namespace Relink.Storage;

/// <summary>
/// An edit or a recall of a stored message, asked of <see cref="IChatStore.ChangeMessageAsync"/>. The rules are checked in
/// the change's own transaction, so an edit racing a recall of the same message cannot both win.
/// </summary>
/// <param name="ConversationId">Canonical id of the message's conversation.</param>
/// <param name="TargetSeq">The sequence number of the message to change.</param>
/// <param name="SenderId">Who asks: must be the message's sender.</param>
/// <param name="ClientMsgId">Idempotency key of the change, like a message's: (SenderId, ClientMsgId) is stored at most once.</param>
/// <param name="Kind"><see cref="MessageKind.Edit"/> or <see cref="MessageKind.Recall"/>.</param>
/// <param name="Text">The new text of an edit; empty for a recall.</param>
/// <param name="At">Server time of the change.</param>
/// <param name="SentNotBefore">The window: a message sent before this time can no longer be changed this way.</param>
/// <param name="SenderDeviceId">The device asking, when known (its delivery cursor is treated as for a send).</param>
public sealed record MessageChange(
    string ConversationId,
    long TargetSeq,
    string SenderId,
    string ClientMsgId,
    MessageKind Kind,
    string Text,
    DateTimeOffset At,
    DateTimeOffset SentNotBefore,
    string? SenderDeviceId = null);

/// <summary>Whether a <see cref="MessageChange"/> was applied, or why not.</summary>
public enum ChangeStatus
{
    /// <summary>Applied now, or before (a retry: <see cref="ChangeResult.Duplicate"/>).</summary>
    Applied = 0,

    /// <summary>No message has that sequence number in the conversation, or it is itself an edit or recall event.</summary>
    NotFound = 1,

    /// <summary>Someone else sent the message.</summary>
    NotSender = 2,

    /// <summary>The message was sent before <see cref="MessageChange.SentNotBefore"/>.</summary>
    WindowClosed = 3,

    /// <summary>The message was recalled: it can no longer be edited.</summary>
    Recalled = 4,

    /// <summary>An edit of a message that is not text (an emoji).</summary>
    NotText = 5,
}

/// <summary>
/// The outcome of <see cref="IChatStore.ChangeMessageAsync"/>: when applied, the event as stored, with its own sequence
/// number in the conversation; <see cref="Duplicate"/> when it had been applied before (the original event).
/// </summary>
public sealed record ChangeResult(ChangeStatus Status, StoredMessage? Event = null, bool Duplicate = false);
