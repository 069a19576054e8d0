using System.Security.Cryptography;

namespace Relink.Storage;

/// <summary>How a presented resume token was good (<see cref="IChatStore.RedeemResumeTokenAsync"/>), or that it was not.</summary>
public enum TokenRedemption
{
    /// <summary>Unknown, expired, revoked, older, past the grace, or it lost a race to a concurrent resume: nothing changed.</summary>
    Refused,

    /// <summary>The device's current token, unexpired.</summary>
    Current,

    /// <summary>The token the last rotation replaced, within the grace (the answer carrying its successor was lost, or it was copied).</summary>
    ThroughGrace,
}

/// <summary>
/// A resume token presented for redemption (its SHA-256 hash), and the token that replaces it when it is good.
/// </summary>
/// <param name="UserId">The user, as stored.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="PresentedHash">The hash of the presented token.</param>
/// <param name="NewHash">The hash of the token that replaces it.</param>
/// <param name="NewExpiresAt">When the new token expires.</param>
/// <param name="Now">The time of the redemption: expiry and grace are judged at it, and a rotation is recorded at it.</param>
/// <param name="Grace">How long after a rotation the replaced token still resumes (zero or less: not at all).</param>
public sealed record ResumeTokenRedemption(
    string UserId, string DeviceId, byte[] PresentedHash, byte[] NewHash, DateTimeOffset NewExpiresAt, DateTimeOffset Now, TimeSpan Grace)
{
    // Compared against when a record has no previous token, so both comparisons always run.
    private static readonly byte[] NoPrevious = new byte[SHA256.HashSizeInBytes];

    /// <summary>Whether <paramref name="stored"/> lets the presented token in, and how (compared in constant time).</summary>
    public TokenRedemption Judge(ResumeTokenRecord stored)
    {
        bool isCurrent = CryptographicOperations.FixedTimeEquals(PresentedHash, stored.TokenHash);
        bool isPrevious = CryptographicOperations.FixedTimeEquals(PresentedHash, stored.PreviousHash ?? NoPrevious);
        if (isCurrent && stored.ExpiresAt > Now)
        {
            return TokenRedemption.Current;
        }

        return isPrevious && stored.PreviousHash is not null && Grace > TimeSpan.Zero && stored.RotatedAt is { } since && Now - since <= Grace
            ? TokenRedemption.ThroughGrace
            : TokenRedemption.Refused;
    }

    /// <summary>
    /// The record after a good redemption: the new token, with the replaced one as previous and <see cref="Now"/>
    /// as the rotation; through the grace, the previous token and rotation time stay, so the grace is not extended
    /// by using it.
    /// </summary>
    public ResumeTokenRecord Replacement(ResumeTokenRecord stored, TokenRedemption outcome) =>
        outcome == TokenRedemption.Current
            ? new ResumeTokenRecord(UserId, DeviceId, NewHash, NewExpiresAt, stored.TokenHash, Now)
            : new ResumeTokenRecord(UserId, DeviceId, NewHash, NewExpiresAt, stored.PreviousHash, stored.RotatedAt);
}

/// <summary>What a login or resume answer carries besides the groups (<see cref="IChatStore.LoadSessionStateAsync"/>).</summary>
/// <param name="Friends">The user's friends, by nickname.</param>
/// <param name="PresenceAudiences">The presence choices of the friends and the user, of those who made one.</param>
/// <param name="Talks">The talk list, newest activity first, with the device's cursors and latest messages.</param>
/// <param name="ReadReceipts">Whether the user shares read receipts.</param>
/// <param name="FriendRequests">Pending friend requests, both ways, oldest first.</param>
/// <param name="Blocked">The users the user blocks, by nickname.</param>
public sealed record SessionStateRecord(
    IReadOnlyList<UserRecord> Friends,
    IReadOnlyDictionary<string, PresenceAudience> PresenceAudiences,
    IReadOnlyList<TalkRecord> Talks,
    bool ReadReceipts,
    IReadOnlyList<FriendRequestRecord> FriendRequests,
    IReadOnlyList<UserRecord> Blocked);
