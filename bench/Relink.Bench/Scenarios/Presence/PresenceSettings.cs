using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Presence;

/// <summary>How the presence scenario runs.</summary>
internal sealed record PresenceSettings
{
    /// <summary>Logged-in users, one connection each.</summary>
    public required int Users { get; init; }

    /// <summary>Friends per user (even: half on each side of the ring).</summary>
    public required int Friends { get; init; }

    /// <summary>Users that drop and come back in each phase.</summary>
    public required int Storm { get; init; }

    /// <summary>Setup requests and storm reconnects in flight at once.</summary>
    public required int Concurrency { get; init; }

    /// <summary>
    /// The server's heartbeat: short, so a phase waits seconds rather than a minute for the dead-link timeout; longer
    /// past 5,000 users, so one generator pinging them all on a loaded box never lets a link look dead by being late.
    /// </summary>
    public HeartbeatPlan Heartbeat => Users > 5_000
        ? new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15))
        : new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    /// <summary>The server's presence grace.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Whether this is the smoke-check variant.</summary>
    public bool Quick { get; init; }

    /// <summary>Reads the scenario's options, with full-run or quick defaults.</summary>
    public static PresenceSettings From(BenchArguments args)
    {
        bool quick = args.Flag("--quick");
        var settings = new PresenceSettings
        {
            Quick = quick,
            Users = args.Int("--users") ?? (quick ? 200 : 19_000),
            Friends = args.Int("--friends") ?? (quick ? 10 : 50),
            Storm = args.Int("--storm") ?? (quick ? 50 : 1_000),
            Concurrency = args.SetupConcurrency(64),
        };

        if (settings.Friends < 2 || settings.Friends % 2 != 0 || settings.Friends >= settings.Users)
        {
            throw new ArgumentException("--friends must be even, at least 2, and below --users.");
        }

        if (settings.Storm < 1 || settings.Storm > settings.Users)
        {
            throw new ArgumentException("--storm must be 1..--users.");
        }

        return settings;
    }
}
