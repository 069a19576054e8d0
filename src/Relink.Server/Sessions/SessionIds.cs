using System.Globalization;

namespace Relink.Server.Sessions;

/// <summary>What a session id says by itself: ids are UUID version 7 (<see cref="Session.SessionId"/>), time-ordered.</summary>
public static class SessionIds
{
    /// <summary>
    /// When the session logged in: the first 12 of its 32 hex digits are the login's unix milliseconds. Null for an id
    /// of another shape (none is made here, but the directory is shared with whatever wrote it).
    /// </summary>
    public static DateTimeOffset? LoggedInAt(string sessionId) =>
        sessionId.Length == 32 && long.TryParse(sessionId.AsSpan(0, 12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
