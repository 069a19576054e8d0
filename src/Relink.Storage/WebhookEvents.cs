using System.Globalization;

namespace Relink.Storage;

/// <summary>How a group's membership changed, as a webhook event reports it.</summary>
public enum MembershipChange
{
    /// <summary>The user was a member from the group's creation (the owner and the members it was created with).</summary>
    Created = 1,

    /// <summary>The user became a member later (joined by themselves, or was added by a member).</summary>
    Joined = 2,

    /// <summary>The user stopped being a member.</summary>
    Left = 3,
}

/// <summary>A recorded change of a group's membership, waiting for its webhook delivery.</summary>
/// <param name="Id">The store's number for the change, never reused.</param>
/// <param name="GroupId">The group.</param>
/// <param name="UserId">The member who came or went.</param>
/// <param name="Change">What happened.</param>
/// <param name="AfterSeq">The group conversation's last sequence number when it happened: the change comes after
/// that message and before the next in the conversation's order of events.</param>
/// <param name="At">Server time of the change.</param>
public sealed record MembershipEvent(long Id, string GroupId, string UserId, MembershipChange Change, long AfterSeq, DateTimeOffset At);

/// <summary>
/// One webhook event of a conversation, in the order it must be delivered: a stored message or a membership change.
/// Exactly one of <see cref="Message"/> and <see cref="Membership"/> is set.
/// </summary>
public sealed record WebhookEvent
{
    private WebhookEvent(string conversationId, StoredMessage? message, MembershipEvent? membership)
    {
        ConversationId = conversationId;
        Message = message;
        Membership = membership;
    }

    /// <summary>The event for a stored message.</summary>
    public static WebhookEvent For(StoredMessage message) => new(message.ConversationId, message, null);

    /// <summary>The event for a membership change.</summary>
    public static WebhookEvent For(MembershipEvent membership) =>
        new(Storage.ConversationId.Group(membership.GroupId), null, membership);

    /// <summary>The conversation whose order the event keeps.</summary>
    public string ConversationId { get; }

    /// <summary>The stored message, for a message event.</summary>
    public StoredMessage? Message { get; }

    /// <summary>The membership change, for a membership event.</summary>
    public MembershipEvent? Membership { get; }

    /// <summary>
    /// The event's id, the same on every delivery attempt and across restarts: <c>msg-</c> and the message id, or
    /// <c>mem-</c> and the membership change's number.
    /// </summary>
    public string EventId => Message is { } m
        ? "msg-" + m.Id.ToString(CultureInfo.InvariantCulture)
        : "mem-" + Membership!.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>When the event happened (the message's server time, or the change's).</summary>
    public DateTimeOffset OccurredAt => Message?.SentAt ?? Membership!.At;
}

/// <summary>An event the receiver did not take within the retry window, kept with the exact body it was sent with.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="ConversationId">Its conversation.</param>
/// <param name="Body">The JSON body of the last attempt, so it can be sent again as it was.</param>
/// <param name="Failure">What went wrong on the last attempt.</param>
/// <param name="At">When it was given up.</param>
public sealed record WebhookDeadLetter(string EventId, string ConversationId, string Body, string Failure, DateTimeOffset At);
