namespace Relink.Server.Admin;

/// <summary>When this server process started serving, for uptime reports.</summary>
public sealed class ServerClock(TimeProvider time)
{
    /// <summary>The start time.</summary>
    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();
}
