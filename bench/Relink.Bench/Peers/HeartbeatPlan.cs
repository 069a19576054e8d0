namespace Relink.Bench.Peers;

/// <summary>
/// The heartbeat both servers run with, so they hold comparable connections: the same ping interval, and each
/// server's own dead-link timeout at its usual ratio (Relink: 2 × interval + 5 s; SignalR: 2 × keep-alive).
/// </summary>
internal sealed record HeartbeatPlan(TimeSpan Interval, TimeSpan RelinkTimeout, TimeSpan SignalRClientTimeout)
{
    /// <summary>Both servers' defaults: 15 s pings, 35 s (Relink) and 30 s (SignalR) timeouts.</summary>
    public static HeartbeatPlan Defaults { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(30));

    /// <summary>Fast pings so a few-second smoke window still sees every connection ping.</summary>
    public static HeartbeatPlan Quick { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
}
