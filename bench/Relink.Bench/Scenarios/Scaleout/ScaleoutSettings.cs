namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>How the scale-out scenario runs.</summary>
internal sealed record ScaleoutSettings
{
    /// <summary>Node processes per product (node 0 is the one killed).</summary>
    public const int Nodes = 3;

    /// <summary>Clients that carry the load, on nodes 1 and 2 (they survive the node kill), each serving a slice of the load clients.</summary>
    public const int Senders = 4;

    /// <summary>Load clients per node: the balancer spreads <see cref="Clients"/> evenly, so the node killed holds about this many.</summary>
    public required int PerNode { get; init; }

    /// <summary>Load clients in all.</summary>
    public int Clients => PerNode * Nodes;

    /// <summary>
    /// Load clients per worker process at most: a process may open 20,000 files here, and a worker also holds the
    /// runtime's own; 3,000 leaves room for reconnects overlapping with closing sockets.
    /// </summary>
    public const int ClientsPerWorker = 3000;

    /// <summary>Proxied connections per balancer process, on average (two descriptors each).</summary>
    public const int ConnectionsPerBalancer = 4000;

    /// <summary>Worker processes holding the load clients.</summary>
    public int Workers => (Clients + ClientsPerWorker - 1) / ClientsPerWorker;

    /// <summary>Balancer processes sharing the balancer's port.</summary>
    public int Balancers => (Clients + ConnectionsPerBalancer - 1) / ConnectionsPerBalancer;

    /// <summary>How long the load workers get to connect and log in their clients.</summary>
    public TimeSpan SetupDeadline { get; } = TimeSpan.FromMinutes(20);

    /// <summary>Load messages per second during the measured phases.</summary>
    public required int Rate { get; init; }

    /// <summary>Latency probes of each kind (same node, cross node).</summary>
    public required int Probes { get; init; }

    /// <summary>How long the bus stays down.</summary>
    public required TimeSpan Outage { get; init; }

    /// <summary>How long the load runs while each node's CPU is measured.</summary>
    public required TimeSpan CostWindow { get; init; }

    /// <summary>Products to measure, in order: "relink", "signalr".</summary>
    public required string[] Peers { get; init; }

    /// <summary>Logins in flight at once while the load clients are set up.</summary>
    public required int Concurrency { get; init; }

    /// <summary>A Relink.Server.Host.dll of another build to run as the Relink nodes (null: the one beside the bench).</summary>
    public string? RelinkServer { get; init; }

    /// <summary>Whether this is the smoke-check variant.</summary>
    public bool Quick { get; init; }

    /// <summary>How long the dropped clients of a killed node get to come back before the phase gives up on them.</summary>
    public TimeSpan ResumeDeadline { get; } = TimeSpan.FromSeconds(90);

    /// <summary>How long, after the load stops, every acknowledged message gets to arrive before the rest count as lost.</summary>
    public TimeSpan DrainDeadline { get; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Added to the product client's own catch-up interval (Relink: the SDK's periodic sync) for the wait after the
    /// drain deadline: the sync falls due an interval after the session began or the last sync ended, and takes its
    /// own round trips on a loaded box.
    /// </summary>
    public TimeSpan LateMargin { get; } = TimeSpan.FromSeconds(15);

    /// <summary>How long missing messages are waited for after the drain deadline, for a product client that catches up every <paramref name="catchUp"/> (null: never, so no wait).</summary>
    public TimeSpan LateWait(TimeSpan? catchUp) => catchUp is { } interval ? interval + LateMargin : TimeSpan.Zero;

    /// <summary>Reads the options, with full-run or quick defaults.</summary>
    public static ScaleoutSettings From(BenchArguments args)
    {
        bool quick = args.Flag("--quick");
        var settings = new ScaleoutSettings
        {
            Quick = quick,
            PerNode = args.Int("--per-node") ?? (quick ? 100 : 5000),
            Rate = args.Int("--rate") ?? (quick ? 100 : 200),
            Probes = args.Int("--probes") ?? (quick ? 100 : 500),
            Outage = args.Duration("--outage") ?? TimeSpan.FromSeconds(2),
            CostWindow = args.Duration("--cost-window") ?? TimeSpan.FromSeconds(quick ? 3 : 10),
            Peers = args.Peers(),
            Concurrency = args.SetupConcurrency(),
            RelinkServer = args.Text("--relink-server") is { } path ? Path.GetFullPath(path) : null,
        };
        if (settings.PerNode < Senders || settings.Rate < 1 || settings.Probes < 1)
        {
            throw new ArgumentException($"--per-node takes {Senders} or more, --rate and --probes 1 or more.");
        }

        return settings;
    }
}
