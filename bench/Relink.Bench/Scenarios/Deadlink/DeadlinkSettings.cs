namespace Relink.Bench.Scenarios.Deadlink;

/// <summary>How the dead-link scenario runs: connections per server, the heartbeat settings, the servers.</summary>
internal sealed record DeadlinkSettings
{
    /// <summary>Connections per server, all through one fault proxy.</summary>
    public required int Connections { get; init; }

    /// <summary>The heartbeat settings to measure, in order.</summary>
    public required DeadlinkSetting[] Settings { get; init; }

    /// <summary>Servers to measure, in order: "relink", "signalr".</summary>
    public required string[] Peers { get; init; }

    /// <summary>Whether this is the smoke-check variant.</summary>
    public bool Quick { get; init; }

    /// <summary>Reads the scenario's options, with full-run or quick defaults.</summary>
    public static DeadlinkSettings From(BenchArguments args)
    {
        bool quick = args.Flag("--quick");
        var settings = new DeadlinkSettings
        {
            Quick = quick,
            Connections = args.Int("--connections") ?? (quick ? 10 : 50),
            Settings = args.Flag("--short-only") || quick ? [DeadlinkSetting.Short] : [DeadlinkSetting.Short, DeadlinkSetting.Defaults],
            Peers = args.Peers(),
        };

        if (settings.Connections < 1)
        {
            throw new ArgumentException("--connections must be at least 1.");
        }

        return settings;
    }
}
