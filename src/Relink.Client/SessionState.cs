using Google.Protobuf.WellKnownTypes;
using Relink.Protocol.Messages;

namespace Relink.Client;

/// <summary>What the server told this client when it logged in: who it is and everything the UI starts from.</summary>
public sealed class SessionState
{
    internal SessionState(LoginResponse login)
    {
        Profile = login.Profile ?? new UserProfile();
        Friends = [.. login.Friends];
        Groups = [.. login.Groups];
        Talks = [.. login.Talks];
        SessionId = login.SessionId;
        ServerTime = login.ServerTime?.ToDateTimeOffset();
        Heartbeat = login.Heartbeat ?? new HeartbeatSettings();
    }

    /// <summary>The logged-in user.</summary>
    public UserProfile Profile { get; }

    /// <summary>The user's friends.</summary>
    public IReadOnlyList<UserProfile> Friends { get; }

    /// <summary>The groups the user belongs to.</summary>
    public IReadOnlyList<GroupInfo> Groups { get; }

    /// <summary>The talk list, newest activity first, each with its latest messages.</summary>
    public IReadOnlyList<Talk> Talks { get; }

    /// <summary>The server's id for this session.</summary>
    public string SessionId { get; }

    /// <summary>The server's clock when it answered the login.</summary>
    public DateTimeOffset? ServerTime { get; }

    /// <summary>The heartbeat the server asked for.</summary>
    public HeartbeatSettings Heartbeat { get; }
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

internal static class TimestampExtensions
{
    public static Timestamp ToProto(this DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);
}
