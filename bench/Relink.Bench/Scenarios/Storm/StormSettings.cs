namespace Relink.Bench.Scenarios.Storm;

/// <summary>How the storm scenario runs: how many clients, which servers, how long to wait for the last message.</summary>
internal sealed record StormSettings
{
    /// <summary>Logged-in clients, each with a partner (client i's partner is i+1, round the ring).</summary>
    public required int Clients { get; init; }

    /// <summary>Servers to storm, in order: "relink", "signalr", "relink-postgres" (only when asked for).</summary>
    public required string[] Peers { get; init; }

    /// <summary>Logins (and friend requests) in flight at once during the setup.</summary>
    public required int SetupConcurrency { get; init; }

    /// <summary>How long after the server is back to wait, at most, for every client and every message.</summary>
    public required TimeSpan Deadline { get; init; }

    /// <summary>Give Relink's clients their password too, so a refused resume token falls back to a login (a variant).</summary>
    public bool RelinkCredentials { get; init; }

    /// <summary>Whether this is the smoke-check variant.</summary>
    public bool Quick { get; init; }

    /// <summary>Reads the scenario's options, with full-run or quick defaults.</summary>
    public static StormSettings From(BenchArguments args)
    {
        bool quick = args.Flag("--quick");
        var settings = new StormSettings
        {
            Quick = quick,
            RelinkCredentials = args.Flag("--relink-credentials"),
            Clients = args.Int("--clients") ?? (quick ? 300 : 10_000),
            Peers = args.Peers(postgres: true),
            SetupConcurrency = args.SetupConcurrency(64),
            // SignalR's schedule gives up 42 s after the loss (0 + 2 + 10 + 30): the deadline leaves room for all of it.
            Deadline = args.Duration("--deadline") ?? TimeSpan.FromSeconds(quick ? 50 : 75),
        };

        if (settings.Clients < 3)
        {
            throw new ArgumentException("--clients must be at least 3 (a ring of partners).");
        }

        if (settings.SetupConcurrency < 1)
        {
            throw new ArgumentException("--concurrency must be at least 1.");
        }

        return settings;
    }
}
