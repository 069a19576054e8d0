using Relink.Storage;

namespace Relink.Server.Presence;

/// <summary>
/// The one rule for who sees whose presence. Every path that shows presence asks it: the pushes to friends, the
/// friend list at login, resume and <c>list_friends</c>, and the online flag in search.
/// </summary>
public static class PresenceRules
{
    /// <summary>
    /// Whether <paramref name="viewerId"/> may see <paramref name="subjectId"/>'s presence, given the subject's
    /// chosen <paramref name="audience"/> and whether the two are friends.
    /// </summary>
    public static bool MaySee(string viewerId, string subjectId, PresenceAudience audience, bool areFriends) =>
        viewerId != subjectId && audience switch
        {
            PresenceAudience.Everyone => true,
            PresenceAudience.Friends => areFriends,
            _ => false,
        };

    /// <summary>Whether the subject's friends see their presence under <paramref name="audience"/> (pushes go to friends only).</summary>
    public static bool FriendsSee(PresenceAudience audience) => audience is PresenceAudience.Everyone or PresenceAudience.Friends;
}
