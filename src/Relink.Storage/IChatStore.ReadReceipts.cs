namespace Relink.Storage;

public partial interface IChatStore
{
    // ---- read receipts: who has read how far, and who shares it

    /// <summary>
    /// Turns the user's read receipts on or off: a user with them off shares no read position with others (and the
    /// server shows them nobody else's). On for every user until turned off. False when there is no such user.
    /// </summary>
    Task<bool> SetReadReceiptsAsync(string userId, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Whether the user shares read receipts: true unless they turned them off (true for an unknown user).</summary>
    Task<bool> GetReadReceiptsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The read and delivery positions of a conversation's participants who share read receipts, by user id: each
    /// user's read cursor, and how far any of their devices has delivered (never less than the read cursor).
    /// Participants with read receipts off are left out. Empty for an unknown conversation.
    /// </summary>
    Task<IReadOnlyList<ReadPositionRecord>> ListReadPositionsAsync(string conversationId, CancellationToken cancellationToken = default);
}
