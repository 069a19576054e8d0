namespace Relink.Server.Presence;

/// <summary>
/// Which users have a device on another server node: the seam through which <see cref="PresenceTracker"/> keeps
/// presence cluster-wide. Without it (one node) nobody is.
/// </summary>
public interface IPresenceElsewhere
{
    /// <summary>Those of <paramref name="userIds"/> of whom another live node holds a logged-in session.</summary>
    Task<IReadOnlySet<string>> OnlineElsewhereAsync(IReadOnlyCollection<string> userIds);

    /// <summary>
    /// Whether another live node holds a logged-in session of <paramref name="userId"/>, and if so a moment at which
    /// the user was surely still online there: no later than that node was last known alive, no earlier than the
    /// session's login. Null when no other live node holds the user.
    /// </summary>
    /// <remarks>
    /// An OFFLINE this node postponed while the user was online elsewhere is announced with this as the last-seen once
    /// the user is gone: the moment this node last heard the user itself may be long before that.
    /// </remarks>
    Task<DateTimeOffset?> HeardElsewhereAsync(string userId);
}
