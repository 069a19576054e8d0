namespace Relink.Client;

/// <summary>What the server told this client when it logged in: who it is and everything the UI starts from.</summary>
public sealed class SessionState
{
    // Built from the login or resume answer (Model/WireMapping.cs) only.
    internal SessionState()
    {
    }

    /// <summary>The logged-in user.</summary>
    public UserProfile Profile { get; internal init; } = UserProfile.None;

    /// <summary>The user's friends.</summary>
    public IReadOnlyList<UserProfile> Friends { get; internal init; } = [];

    /// <summary>The groups the user belongs to.</summary>
    public IReadOnlyList<GroupInfo> Groups { get; internal init; } = [];

    /// <summary>The talk list, newest activity first, each with its latest messages.</summary>
    public IReadOnlyList<Talk> Talks { get; internal init; } = [];

    /// <summary>The server's id for this session.</summary>
    public string SessionId { get; internal init; } = "";

    /// <summary>The server's clock when it answered the login.</summary>
    public DateTimeOffset? ServerTime { get; internal init; }

    /// <summary>The heartbeat the server asked for.</summary>
    public HeartbeatSettings Heartbeat { get; internal init; } = new();

    /// <summary>Pending friend requests, both ways, oldest first.</summary>
    public IReadOnlyList<FriendRequest> FriendRequests { get; internal init; } = [];

    /// <summary>The users this user blocks.</summary>
    public IReadOnlyList<UserProfile> Blocked { get; internal init; } = [];
    /// <summary>Each friend's presence as this user may see it, in the order of <see cref="Friends"/>.</summary>
    public IReadOnlyList<FriendPresence> FriendPresence { get; internal init; } = [];

    /// <summary>Who may see this user's presence (see <see cref="RelinkClient.SetPresenceAudienceAsync"/>).</summary>
    public PresenceAudience PresenceAudience { get; internal init; } = PresenceAudience.Friends;
}

/// <summary>One page of a user search.</summary>
/// <param name="Users">The users found, each with whether they are already a friend.</param>
/// <param name="HasMore">Whether a further page exists.</param>
public sealed record UserSearchResult(IReadOnlyList<UserSummary> Users, bool HasMore);

/// <summary>One page of a conversation's history, oldest first.</summary>
/// <param name="Messages">The messages, oldest first.</param>
/// <param name="HasMore">Whether more exist in the direction asked for.</param>
/// <param name="LastSeq">The conversation's latest seq when the page was read.</param>
public sealed record HistoryPage(IReadOnlyList<ChatMessage> Messages, bool HasMore, long LastSeq);
