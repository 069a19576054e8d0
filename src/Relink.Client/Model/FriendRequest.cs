namespace Relink.Client;

/// <summary>A pending friend request, as this user sees it.</summary>
public sealed record FriendRequest
{
    /// <summary>The other side: who asked this user (incoming), or whom this user asked.</summary>
    public UserProfile User { get; init; } = UserProfile.None;

    /// <summary>Sent to this user (true), or by this user (false).</summary>
    public bool Incoming { get; init; }

    /// <summary>The requester's note ("" when none).</summary>
    public string Note { get; init; } = "";

    /// <summary>When it was sent (server clock), when the server said.</summary>
    public DateTimeOffset? SentAt { get; init; }
}

/// <summary>Where a friend request stands after asking.</summary>
public enum FriendRequestState
{
    /// <summary>The request waits for the other side (asking again changes nothing).</summary>
    Pending = 1,

    /// <summary>Friends: already, or because the other side had asked first.</summary>
    Friends = 2,
}

/// <summary>The answer to <see cref="RelinkClient.RequestFriendAsync"/>.</summary>
/// <param name="State">Pending, or friends now.</param>
/// <param name="User">The user asked, with the id as they registered it.</param>
public sealed record FriendRequestResult(FriendRequestState State, UserProfile User);

/// <summary>The pending friend requests (both ways, oldest first) and the users this user blocks.</summary>
public sealed record FriendRequests(IReadOnlyList<FriendRequest> Requests, IReadOnlyList<UserProfile> Blocked);

/// <summary>What happened to a friend request.</summary>
public enum FriendRequestChangeKind
{
    /// <summary>A new request: to this user, or sent by this user from another device.</summary>
    Received = 1,

    /// <summary>The requester took it back.</summary>
    Cancelled = 2,

    /// <summary>This user declined it on another device (the requester is not told).</summary>
    Declined = 3,
}

/// <summary>A friend request appeared or went (an accepted one raises <see cref="RelinkClient.FriendAdded"/>).</summary>
public sealed record FriendRequestChange(FriendRequest Request, FriendRequestChangeKind Change);
