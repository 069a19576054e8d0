namespace Relink.Client;

/// <summary>What changed while a session was lost, compared with what this client had seen before it was lost.</summary>
/// <param name="NewFriends">Friendships made meanwhile (friend_added pushes this client missed).</param>
/// <param name="JoinedGroups">Groups the user joined or was added to meanwhile.</param>
/// <param name="LeftGroups">Groups the user is no longer in.</param>
/// <param name="TalksWithNewMessages">Talks whose latest message is newer than anything this client saw: their
/// messages are on their way through <see cref="RelinkClient.ReadMessagesAsync"/>, and their unread counts moved.</param>
public sealed record SessionChanges(
    IReadOnlyList<UserProfile> NewFriends,
    IReadOnlyList<GroupInfo> JoinedGroups,
    IReadOnlyList<GroupInfo> LeftGroups,
    IReadOnlyList<Talk> TalksWithNewMessages)
{
    /// <summary>Whether nothing changed.</summary>
    public bool IsEmpty => NewFriends.Count == 0 && JoinedGroups.Count == 0 && LeftGroups.Count == 0 && TalksWithNewMessages.Count == 0;
}

/// <summary>A lost session is back: the new state, and what changed meanwhile.</summary>
public sealed class SessionResumedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public SessionResumedEventArgs(SessionState session, SessionChanges changes, bool loggedInAgain, TimeSpan downtime)
    {
        Session = session;
        Changes = changes;
        LoggedInAgain = loggedInAgain;
        Downtime = downtime;
    }

    /// <summary>The session now (also <see cref="RelinkClient.Session"/>): profile, friends, groups, talks.</summary>
    public SessionState Session { get; }

    /// <summary>What changed while the session was lost.</summary>
    public SessionChanges Changes { get; }

    /// <summary>The resume token was refused and the client logged in again with
    /// <see cref="RelinkClientOptions.CredentialsProvider"/> (false: resumed with the token).</summary>
    public bool LoggedInAgain { get; }

    /// <summary>How long the session was lost.</summary>
    public TimeSpan Downtime { get; }
}
