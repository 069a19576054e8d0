using Relink.Protocol.Messages;

namespace Relink.Server.Sessions;

/// <summary>
/// Where <see cref="SessionRegistry"/> tells the other nodes of a cluster what it does: pushes for users and groups,
/// membership changes, logins and sign-outs, and which users and groups this node now holds sessions for. Null on
/// a single node. Called on the hot path and under the registry's lock: implementations queue, never block.
/// </summary>
public interface ISessionRelay
{
    /// <summary>This node's holding of a user's (or group's) sessions started or ended: re-check <see cref="SessionRegistry"/>.</summary>
    void InterestChanged(string id, bool group);

    /// <summary>
    /// Completes once the changes of interest made before the call are in effect on the bus, so the other nodes'
    /// pushes for those users and groups reach this node from then on (bounded: a slow bus lets the caller go on and
    /// catches its sessions up from the store later).
    /// </summary>
    Task SubscriptionsInPlaceAsync();

    /// <summary>
    /// A session of <paramref name="userId"/> joined a group's room mid-session, the first of this node in it: the
    /// group's messages stored before the bus routes its subject here reached no session here, so the user's
    /// sessions are caught up from the store once it does.
    /// </summary>
    void GroupRoomOpened(string userId);

    /// <summary>A push for every session of <paramref name="userId"/> on the other nodes.</summary>
    void ToUser(string userId, OutboundFrame frame);

    /// <summary>A push for every session in a group on the other nodes, but <paramref name="exceptUser"/>'s.</summary>
    void ToGroup(string groupId, OutboundFrame frame, string? exceptUser);

    /// <summary>The user's sessions on the other nodes join (or leave) a group's room.</summary>
    void MembershipChanged(string userId, string groupId, bool joined);

    /// <summary>A session logged in here: the other nodes displace the user's earlier sessions as a login here does.</summary>
    void LoggedIn(string userId, string deviceId, string sessionId);

    /// <summary>A logged-in session of this node ended (closed, kicked, logged out).</summary>
    void SessionEnded(Session session);

    /// <summary>The user was signed out everywhere: the other nodes kick every session of theirs with <paramref name="kicked"/>.</summary>
    void SignedOut(string userId, Envelope kicked);
}
