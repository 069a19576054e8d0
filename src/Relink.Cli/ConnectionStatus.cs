using System.Globalization;
using Relink.Client;

namespace Relink.Cli;

/// <summary>How <c>relink</c> tells a person where the connection stands: one short line per state.</summary>
internal static class ConnectionStatus
{
    /// <summary>"reconnecting in 4 s (attempt 3): connection refused", "connected as alice", …</summary>
    /// <param name="state">The state to describe.</param>
    /// <param name="now">The client's clock now, for the countdown to the next attempt.</param>
    public static string Describe(ConnectionState state, DateTimeOffset now) => state switch
    {
        ConnectionState.Connecting c => $"connecting to {c.Server}",
        ConnectionState.Authenticating => "authenticating",
        ConnectionState.Connected c => $"connected as {c.UserId}",
        ConnectionState.Reconnecting r => $"reconnecting {When(r.DelayFrom(now))} (attempt {r.Attempt}): {r.LastError}",
        ConnectionState.Stopped { Reason: StopReason.Kicked } s => s.Description,
        ConnectionState.Stopped s => $"stopped: {s.Description}",
        ConnectionState.Disconnected { Reason: { } reason } => $"disconnected: {reason}",
        _ => state.Name,
    };

    /// <summary>What a resumed session brought: "back after 3.2 s; 2 talks with new messages".</summary>
    public static string Describe(SessionResumedEventArgs resumed)
    {
        var parts = new List<string> { $"back after {Seconds(resumed.Downtime)}" + (resumed.LoggedInAgain ? " (logged in again)" : "") };
        SessionChanges changes = resumed.Changes;
        if (changes.TalksWithNewMessages.Count > 0)
        {
            parts.Add($"new messages in {string.Join(", ", changes.TalksWithNewMessages.Select(t => t.Name))}");
        }

        if (changes.NewFriends.Count > 0)
        {
            parts.Add($"new friends: {string.Join(", ", changes.NewFriends.Select(f => f.UserId))}");
        }

        if (changes.JoinedGroups.Count > 0)
        {
            parts.Add($"joined: {string.Join(", ", changes.JoinedGroups.Select(g => g.Name))}");
        }

        if (changes.LeftGroups.Count > 0)
        {
            parts.Add($"left: {string.Join(", ", changes.LeftGroups.Select(g => g.Name))}");
        }

        return string.Join("; ", parts);
    }

    private static string When(TimeSpan delay) => delay <= TimeSpan.Zero ? "now" : "in " + Seconds(delay);

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span < TimeSpan.FromSeconds(10) ? "0.#" : "0", CultureInfo.InvariantCulture) + " s";
}
