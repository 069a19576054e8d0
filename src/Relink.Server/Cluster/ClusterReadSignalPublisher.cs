using Relink.Protocol.Messages;
using Relink.Server.Receipts;
using Relink.Server.Sessions;

namespace Relink.Server.Cluster;

/// <summary>
/// Read receipts and read sync for sessions on every node: this node's sessions get them as on one node, and the
/// registry's relay carries them to the nodes holding the user's (or group's) other sessions, where
/// <see cref="ClusterRouter"/> lands them through <see cref="LocalReadSignalPublisher"/> (so each session's
/// receipts-off flag is honoured, and set where a change of it lands).
/// </summary>
public sealed class ClusterReadSignalPublisher(SessionRegistry sessions) : IReadSignalPublisher
{
    private readonly LocalReadSignalPublisher _here = new(sessions);

    /// <inheritdoc />
    /// <remarks>The registry relays it already (<see cref="SessionRegistry.PublishToUser"/>).</remarks>
    public void ToOwnSessions(string userId, Envelope notice, Session? except) => _here.ToOwnSessions(userId, notice, except);

    /// <inheritdoc />
    public void ToUser(string userId, ReadNotice notice)
    {
        _here.ToUser(userId, notice);
        sessions.Relay?.ToUser(userId, new OutboundFrame(new Envelope { ReadNotice = notice }));
    }

    /// <inheritdoc />
    public void ToGroup(string groupId, ReadNotice notice)
    {
        _here.ToGroup(groupId, notice);
        sessions.Relay?.ToGroup(groupId, new OutboundFrame(new Envelope { ReadNotice = notice }), exceptUser: notice.UserId);
    }
}
