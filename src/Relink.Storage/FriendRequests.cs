namespace Relink.Storage;

/// <summary>A pending friend request: <paramref name="From"/> asked <paramref name="To"/>, with an optional note.</summary>
public sealed record FriendRequestRecord(UserRecord From, UserRecord To, string Note, DateTimeOffset SentAt);

/// <summary>What <see cref="IChatStore.RequestFriendshipAsync"/> did.</summary>
public enum FriendRequestOutcome
{
    /// <summary>A new request is pending; the addressee sees it.</summary>
    Requested = 1,

    /// <summary>The same request was pending already; nothing changed (the first note stays).</summary>
    AlreadyPending = 2,

    /// <summary>
    /// A request is pending that the addressee does not see, because the addressee blocks the requester. To the
    /// requester it is an ordinary pending request: a block is not revealed.
    /// </summary>
    Hidden = 3,

    /// <summary>The addressee had asked the requester first: the two requests crossed and the two are friends now.</summary>
    BecameFriends = 4,

    /// <summary>The two were friends already; nothing changed.</summary>
    AlreadyFriends = 5,

    /// <summary>The requester blocks the addressee; nothing was stored (unblock first).</summary>
    RequesterBlocks = 6,
}

/// <summary>What <see cref="IChatStore.BlockUserAsync"/> did.</summary>
/// <param name="NewlyBlocked">False when the block existed already.</param>
/// <param name="FriendshipEnded">The two were friends, and no longer are.</param>
public sealed record BlockResult(bool NewlyBlocked, bool FriendshipEnded);
