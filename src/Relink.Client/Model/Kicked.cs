namespace Relink.Client;

/// <summary>Why the server closed a session for good.</summary>
public enum KickReason
{
    /// <summary>Not said (a server newer than this SDK may use a reason it does not know).</summary>
    Unspecified = 0,

    /// <summary>The account logged in on this device id elsewhere (see <see cref="Kicked.DeviceId"/>).</summary>
    LoggedInElsewhere = 1,

    /// <summary>The account was disabled.</summary>
    AccountDisabled = 2,

    /// <summary>The password was changed (from another session): log in with the new one.</summary>
    PasswordChanged = 3,

    /// <summary>The session was logged out.</summary>
    LoggedOut = 4,

    /// <summary>Idle for too long.</summary>
    Idle = 5,

    /// <summary>Too slow to read what the server sent.</summary>
    SlowConsumer = 6,

    /// <summary>The server asked the client not to reconnect.</summary>
    DoNotReconnect = 7,

    /// <summary>
    /// A newer connection of this same device replaced this one: another client shares this device id (see
    /// <see cref="Kicked.DeviceId"/>). The client stops rather than take turns with it.
    /// </summary>
    ReplacedBySameDevice = 8,
}

/// <summary>The server closed this session for good: see <see cref="RelinkClient.Kicked"/> and <see cref="ConnectionState.Stopped.Kick"/>.</summary>
public sealed record Kicked
{
    /// <summary>Why.</summary>
    public KickReason Reason { get; init; }

    /// <summary>For <see cref="KickReason.LoggedInElsewhere"/>: the device that took over; null when the server did not say.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The server's words, for people; null when it said none.</summary>
    public string? Message { get; init; }
}

/// <summary>The server is shutting down or restarting: see <see cref="RelinkClient.ServerGoingAway"/>.</summary>
public sealed record ServerGoingAway
{
    /// <summary>When the server asks this client to come back (spread over clients); the client waits this long.</summary>
    public TimeSpan ReconnectAfter { get; init; }

    /// <summary>The server's words, for people; null when it said none.</summary>
    public string? Message { get; init; }
}
