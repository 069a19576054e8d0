namespace Relink.Server.Presence;

/// <summary>
/// Which users have a device on another server node: the seam through which <see cref="PresenceTracker"/> keeps
/// presence cluster-wide. Without it (one node) nobody is.
/// </summary>
public interface IPresenceElsewhere
{
    /// <summary>Those of <paramref name="userIds"/> of whom another live node holds a logged-in session.</summary>
    Task<IReadOnlySet<string>> OnlineElsewhereAsync(IReadOnlyCollection<string> userIds);
}
