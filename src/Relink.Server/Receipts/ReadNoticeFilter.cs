using Relink.Protocol.Messages;
using Relink.Server.Sessions;

namespace Relink.Server.Receipts;

/// <summary>
/// What of a <see cref="ReadNotice"/> one receiving session may see: nothing for a user who turned read receipts
/// off (they see nobody's), and nothing of the reader's own sessions (read sync tells them instead).
/// </summary>
public static class ReadNoticeFilter
{
    /// <summary>Whether <paramref name="session"/> gets the notice.</summary>
    public static bool Admits(Session session, ReadNotice notice) =>
        !session.ReadReceiptsOff && session.User is { } user && user.UserId != notice.UserId;
}
