namespace Relink.Client;

/// <summary>What a friend lets this user see of whether they are connected.</summary>
public enum PresenceState
{
    /// <summary>They do not share it with this user: show neither online nor offline.</summary>
    Hidden = 0,

    /// <summary>At least one of their devices is connected.</summary>
    Online = 1,

    /// <summary>None is; <see cref="FriendPresence.LastSeen"/> says since when, if known.</summary>
    Offline = 2,
}

/// <summary>Who may see this user's presence: their own choice, kept by the server.</summary>
public enum PresenceAudience
{
    /// <summary>Anyone: friends get it live, others see the online flag in search.</summary>
    Everyone = 1,

    /// <summary>Friends only (the default).</summary>
    Friends = 2,

    /// <summary>No one.</summary>
    Nobody = 3,
}

/// <summary>A friend's presence as this user may see it (see <see cref="RelinkClient.PresenceChanged"/>).</summary>
/// <param name="UserId">The friend.</param>
/// <param name="State">Online, offline, or hidden by their choice.</param>
/// <param name="LastSeen">When offline: when their last device was last heard from (null if unknown).</param>
public sealed record FriendPresence(string UserId, PresenceState State, DateTimeOffset? LastSeen);
