namespace Relink.Bench.Scenarios.Traffic;

/// <summary>How a traffic scenario steps its offered load; the scenario's own settings add who sends to whom.</summary>
internal sealed record TrafficSettings
{
    /// <summary>Offered loads in messages per second, ascending; a server stops stepping up once saturated.</summary>
    public required double[] Rates { get; init; }

    /// <summary>Sending at the level's rate before the window opens (connections, pools and the store settle).</summary>
    public required TimeSpan Warmup { get; init; }

    /// <summary>The measured part of a level: latencies of messages intended in it, rates and CPU over it.</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>How long after the last send a level waits for the last acks and deliveries.</summary>
    public required TimeSpan Drain { get; init; }

    /// <summary>A p99 delivery latency above this means the server is saturated at that level.</summary>
    public required TimeSpan SaturationP99 { get; init; }

    /// <summary>Servers to measure, in order: "relink", "relink-postgres", "signalr", "ejabberd".</summary>
    public required string[] Peers { get; init; }

    /// <summary>Logins in flight at once during setup.</summary>
    public required int SetupConcurrency { get; init; }

    /// <summary>Whether this is the smoke-check variant.</summary>
    public bool Quick { get; init; }

    /// <summary>Reads the options shared by the traffic scenarios, with the scenario's full-run or quick rates.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="fullRates">Offered rates of a full run.</param>
    /// <param name="quickRates">Offered rates of a --quick run.</param>
    /// <param name="ejabberd">Whether ejabberd may be a peer (1:1 chat), and is one by default.</param>
    /// <param name="postgres">Whether Relink on PostgreSQL (<c>relink-postgres</c>) may be a peer (1:1 chat); only when asked for.</param>
    public static TrafficSettings From(BenchArguments args, double[] fullRates, double[] quickRates, bool ejabberd = false, bool postgres = false)
    {
        bool quick = args.Flag("--quick");
        var settings = new TrafficSettings
        {
            Quick = quick,
            Rates = args.IntList("--rates")?.Select(r => (double)r).ToArray() ?? (quick ? quickRates : fullRates),
            Warmup = args.Duration("--warmup") ?? TimeSpan.FromSeconds(quick ? 1 : 3),
            Window = args.Duration("--window") ?? TimeSpan.FromSeconds(quick ? 3 : 10),
            Drain = args.Duration("--drain") ?? TimeSpan.FromSeconds(quick ? 3 : 5),
            SaturationP99 = args.Duration("--saturation-p99") ?? TimeSpan.FromSeconds(1),
            Peers = args.Peers(ejabberd, postgres),
            SetupConcurrency = args.SetupConcurrency(),
        };

        if (!settings.Rates.SequenceEqual(settings.Rates.Order()))
        {
            throw new ArgumentException("--rates must be ascending: a server stops stepping up once saturated.");
        }

        return settings;
    }
}
