using Relink.Protocol.Messages;
using Relink.Server.Sessions;

namespace Relink.Server.Receipts;

/// <summary>
/// Where read receipts and read sync leave the server's rules for the sessions that hear them: the one seam a bus
/// between nodes routes (<see cref="LocalReadSignalPublisher"/> reaches this node's sessions only). Each method
/// names its audience by user or group, never by session, so another node can deliver to its own sessions; the
/// receiving side applies <see cref="ReadNoticeFilter"/> to each session (a user with receipts off sees none).
/// </summary>
public interface IReadSignalPublisher
{
    /// <summary>
    /// A notice about the user's own state (read sync, their receipts setting) to every session of theirs but
    /// <paramref name="except"/> (the device that caused it, which has the answer already). A
    /// <see cref="Envelope.ReadReceiptsChanged"/> also sets <see cref="Session.ReadReceiptsOff"/> on every session of
    /// the user where it lands (<paramref name="except"/> included): the setting takes effect there.
    /// </summary>
    void ToOwnSessions(string userId, Envelope notice, Session? except);

    /// <summary>Another participant's read or delivered position, to the other user of a 1:1 conversation.</summary>
    void ToUser(string userId, ReadNotice notice);

    /// <summary>A member's read position, to the sessions of a group's other members (not the reader's own).</summary>
    void ToGroup(string groupId, ReadNotice notice);
}
