using Relink.Protocol.Messages;
using Relink.Server.Sessions;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// Another node logged <paramref name="userId"/> in on <paramref name="deviceId"/>: this node's sessions of the
    /// user that began earlier are displaced as a login here would displace them. Session ids are time-ordered
    /// (version 7), so when two logins race on two nodes every node keeps the same one, the later.
    /// </summary>
    internal Task DisplaceForLoginElsewhereAsync(string userId, string deviceId, string sessionId) =>
        DisplaceEarlierSessionsAsync(userId, deviceId, startedBefore: sessionId);

    /// <summary>Kicks every session of <paramref name="userId"/> this node holds but <paramref name="except"/>; returns how many.</summary>
    internal int KickHere(string userId, Envelope kicked, Session? except)
    {
        int count = 0;
        foreach (var other in sessions.SessionsOf(userId).Where(s => !ReferenceEquals(s, except)))
        {
            metrics.Kick(kicked.Kicked.Reason);
            sessions.Unbind(other);
            other.Send(kicked);
            other.Connection.Close(CloseReason.Kicked);
            count++;
        }

        return count;
    }
}
