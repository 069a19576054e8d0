namespace Relink.Storage;

/// <summary>Who may see a user's presence (online, offline, last seen): the user's own choice.</summary>
/// <remarks>Stored as these numbers; a user who never chose has <see cref="PresenceAudiences.Default"/>.</remarks>
public enum PresenceAudience
{
    /// <summary>Anyone signed in: friends get it pushed, others see it in search.</summary>
    Everyone = 1,

    /// <summary>Friends only (the default).</summary>
    Friends = 2,

    /// <summary>No one: the user looks neither online nor offline to anybody.</summary>
    Nobody = 3,
}

/// <summary>The choice of a user who never made one.</summary>
public static class PresenceAudiences
{
    /// <summary>Friends see it; strangers do not.</summary>
    public const PresenceAudience Default = PresenceAudience.Friends;

    /// <summary>Whether <paramref name="value"/> is a choice the store can hold.</summary>
    public static bool IsDefined(PresenceAudience value) => value is PresenceAudience.Everyone or PresenceAudience.Friends or PresenceAudience.Nobody;
}
