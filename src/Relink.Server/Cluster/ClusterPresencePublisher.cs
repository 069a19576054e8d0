using Relink.Protocol.Messages;
using Relink.Server.Presence;
using Relink.Server.Sessions;

namespace Relink.Server.Cluster;

/// <summary>
/// Presence for friends on every node: each friend's subject gets the push, whether or not the friend has a
/// session here (the bus hands it only to the nodes that hold one of theirs). One frame, serialised once.
/// </summary>
/// <remarks>
/// A friend offline everywhere still costs one bus publication (which NATS drops at once, having no subscriber):
/// cheaper than asking the store where each friend is before every announcement.
/// </remarks>
public sealed class ClusterPresencePublisher(SessionRegistry sessions) : IPresencePublisher
{
    /// <inheritdoc />
    public int Publish(Protocol.Messages.Presence presence, IEnumerable<string> userIds)
    {
        OutboundFrame? frame = null;
        int sent = 0;
        foreach (string userId in userIds)
        {
            sent += sessions.PublishToUser(userId, frame ??= new OutboundFrame(new Envelope { Presence = presence }));
        }

        return sent;
    }
}
