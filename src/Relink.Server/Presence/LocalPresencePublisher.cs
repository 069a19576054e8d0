using Relink.Protocol.Messages;
using Relink.Server.Sessions;

namespace Relink.Server.Presence;

/// <summary>
/// Pushes presence to the sessions on this node, and, when the registry relays to other nodes, to each friend's
/// subject on the bus (which hands it only to the nodes holding one of their sessions; a friend offline everywhere
/// costs one publication the bus drops at once). One frame, serialised once, shared by every receiver.
/// </summary>
public sealed class LocalPresencePublisher(SessionRegistry sessions) : IPresencePublisher
{
    /// <inheritdoc />
    public int Publish(Protocol.Messages.Presence presence, IEnumerable<string> userIds)
    {
        OutboundFrame? frame = null;
        int sent = 0;
        foreach (string userId in userIds)
        {
            if (sessions.IsOnline(userId) || sessions.Relay is not null)
            {
                sent += sessions.PublishToUser(userId, frame ??= new OutboundFrame(new Envelope { Presence = presence }));
            }
        }

        return sent;
    }
}
