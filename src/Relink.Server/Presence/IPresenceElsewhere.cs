namespace Relink.Server.Presence;

/// <summary>
/// Whether a user has a device on another server node: the seam through which <see cref="PresenceTracker"/> keeps
/// presence cluster-wide. Without it (one node) the answer is always no.
/// </summary>
public interface IPresenceElsewhere
{
    /// <summary>True when another live node holds a logged-in session of <paramref name="userId"/>.</summary>
    Task<bool> IsOnlineElsewhereAsync(string userId);
}
