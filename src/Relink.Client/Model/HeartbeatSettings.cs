namespace Relink.Client;

/// <summary>The heartbeat the server asked for at login (see <see cref="SessionState.Heartbeat"/>).</summary>
public sealed record HeartbeatSettings
{
    /// <summary>A ping goes out when nothing was written for this long (zero: the client's default).</summary>
    public TimeSpan Interval { get; init; }

    /// <summary>The link counts as dead when nothing was read for this long (zero: the client's default).</summary>
    public TimeSpan Timeout { get; init; }
}
