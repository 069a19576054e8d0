using Relink.Protocol.Messages;
using Relink.Server.Sessions;

namespace Relink.Server.Receipts;

/// <summary>The in-process <see cref="IReadSignalPublisher"/>: the sessions online on this node.</summary>
public sealed class LocalReadSignalPublisher(SessionRegistry sessions) : IReadSignalPublisher
{
    /// <inheritdoc />
    public void ToOwnSessions(string userId, Envelope notice, Session? except)
    {
        TakeEffect(userId, notice);
        sessions.PublishToUser(userId, new OutboundFrame(notice), except);
    }

    /// <summary>
    /// Lands a notice about the user's own state that another node relayed (its <see cref="ToOwnSessions"/> reached
    /// the user's sessions there): it takes effect on, and goes to, this node's sessions of the user only.
    /// </summary>
    public void OwnNoticeArrived(string userId, Envelope notice)
    {
        TakeEffect(userId, notice);
        sessions.PublishToUserHere(userId, new OutboundFrame(notice));
    }

    private void TakeEffect(string userId, Envelope notice)
    {
        if (notice.BodyCase == Envelope.BodyOneofCase.ReadReceiptsChanged)
        {
            // Where the setting lands, it takes effect: every session of the user, the one that changed it too.
            foreach (var session in sessions.SessionsOf(userId))
            {
                session.ReadReceiptsOff = !notice.ReadReceiptsChanged.Enabled;
            }
        }
    }

    /// <inheritdoc />
    public void ToUser(string userId, ReadNotice notice) => Deliver(sessions.SessionsOf(userId), notice);

    /// <inheritdoc />
    public void ToGroup(string groupId, ReadNotice notice) => Deliver(sessions.SessionsOfGroup(groupId), notice);

    private static void Deliver(System.Collections.Immutable.ImmutableArray<Session> audience, ReadNotice notice)
    {
        OutboundFrame? frame = null; // one frame shared by every session that gets it: serialised once
        foreach (var session in audience)
        {
            if (ReadNoticeFilter.Admits(session, notice))
            {
                session.Push(frame ??= new OutboundFrame(new Envelope { ReadNotice = notice }));
            }
        }
    }
}
