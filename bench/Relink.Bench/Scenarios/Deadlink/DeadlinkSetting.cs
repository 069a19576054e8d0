using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Deadlink;

/// <summary>
/// One heartbeat configuration both products run with: Relink's interval and timeout (the SDK takes both from the
/// server); SignalR's keep-alive (both ends ping), the server's client timeout and the client's server timeout.
/// </summary>
/// <param name="Name">For the report: "short", "defaults".</param>
/// <param name="Plan">The interval and the two servers' timeouts.</param>
/// <param name="SignalRServerTimeout">The SignalR client's server timeout (<c>serverTimeoutInMilliseconds</c>).</param>
internal sealed record DeadlinkSetting(string Name, HeartbeatPlan Plan, TimeSpan SignalRServerTimeout)
{
    /// <summary>1 s keep-alive, 3 s timeout on every side: what a team tunes for fast detection.</summary>
    public static DeadlinkSetting Short { get; } = new("short (1 s / 3 s)", new HeartbeatPlan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(3));

    /// <summary>Each product as shipped: Relink 15 s / 35 s; SignalR 15 s keep-alive, 30 s client and server timeouts.</summary>
    public static DeadlinkSetting Defaults { get; } = new("defaults", HeartbeatPlan.Defaults, TimeSpan.FromSeconds(30));

    /// <summary>The longest a side may take to notice, by its own rule: the larger timeout plus an interval.</summary>
    public TimeSpan Expected => new[] { Plan.RelinkTimeout, Plan.SignalRClientTimeout, SignalRServerTimeout }.Max() + Plan.Interval;
}
