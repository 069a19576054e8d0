using Relink.Protocol.Messages;
using Relink.Server.Sessions;

namespace Relink.Server.Presence;

/// <summary>Pushes presence to the sessions on this node: one frame, serialised once, shared by every receiver.</summary>
public sealed class LocalPresencePublisher(SessionRegistry sessions) : IPresencePublisher
{
    /// <inheritdoc />
    public int Publish(Protocol.Messages.Presence presence, IEnumerable<string> userIds)
    {
        OutboundFrame? frame = null;
        int sent = 0;
        foreach (string userId in userIds)
        {
            if (sessions.IsOnline(userId))
            {
                sent += sessions.PublishToUser(userId, frame ??= new OutboundFrame(new Envelope { Presence = presence }));
            }
        }

        return sent;
    }
}
