namespace Relink.Server.Presence;

/// <summary>
/// Where presence announcements leave the tracker: the seam a cluster replaces to reach friends connected to other
/// nodes. Called under the subject's entry lock, so it must queue and return, never wait.
/// </summary>
public interface IPresencePublisher
{
    /// <summary>Delivers <paramref name="presence"/> to every online session of each of <paramref name="userIds"/>.</summary>
    /// <returns>How many sessions it was queued to (on this node).</returns>
    int Publish(Protocol.Messages.Presence presence, IEnumerable<string> userIds);
}
