using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Idle;

/// <summary>How the idle scenario runs: the connection counts, the windows, the heartbeat, the servers.</summary>
internal sealed record IdleSettings
{
    /// <summary>Connection counts, ascending; each step adds the difference to the open connections.</summary>
    public required int[] Counts { get; init; }

    /// <summary>The steady window over which server CPU and pings are counted.</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>Wait after the last login of a step before the window starts.</summary>
    public required TimeSpan Settle { get; init; }

    /// <summary>Connections opened, pinged for one interval and closed before the baseline (JIT, pools, caches).</summary>
    public required int Warmup { get; init; }

    /// <summary>The heartbeat both servers and the generator use.</summary>
    public required HeartbeatPlan Heartbeat { get; init; }

    /// <summary>Logins in flight at once while a step opens its connections.</summary>
    public required int SetupConcurrency { get; init; }

    /// <summary>Servers to measure, in order: "relink", "signalr".</summary>
    public required string[] Peers { get; init; }

    /// <summary>Load Relink with full SDK clients instead of lean raw-protocol ones (to weigh the SDK).</summary>
    public bool RelinkSdkClients { get; init; }

    /// <summary>Highest count tried against SignalR (its clients are heavier in the generator); null = no cap.</summary>
    public int? SignalRMax { get; init; }

    /// <summary>
    /// Runtime settings for both server processes, such as <c>DOTNET_gcServer=0</c>: for experiments on where memory
    /// goes. Empty: each server runs as built (both as Server GC, ASP.NET Core's default).
    /// </summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Messages the chat-latency probe sends after each step's readings; 0 = no probe.</summary>
    public int ProbeMessages { get; init; }

    /// <summary>The probe's open-loop rate, in messages per second.</summary>
    public double ProbeRate { get; init; }

    /// <summary>Whether this is the smoke-check variant.</summary>
    public bool Quick { get; init; }

    /// <summary>Reads the scenario's options, with full-run or quick defaults.</summary>
    public static IdleSettings From(BenchArguments args)
    {
        bool quick = args.Flag("--quick");
        var settings = new IdleSettings
        {
            Quick = quick,
            Counts = args.IntList("--counts") ?? (quick ? [200, 1000] : [1000, 5000, 10000, 19000]),
            Window = args.Duration("--window") ?? TimeSpan.FromSeconds(quick ? 3 : 20),
            Settle = args.Duration("--settle") ?? TimeSpan.FromSeconds(quick ? 1 : 10),
            Warmup = args.Int("--warmup") ?? (quick ? 50 : 200),
            Heartbeat = quick ? HeartbeatPlan.Quick : HeartbeatPlan.Defaults,
            SetupConcurrency = args.SetupConcurrency(),
            Peers = args.Peers(ejabberd: true),
            SignalRMax = args.Int("--signalr-max"),
            ProbeMessages = args.Flag("--no-probe") ? 0 : args.Int("--probe-messages") ?? (quick ? 100 : 200),
            ProbeRate = args.Int("--probe-rate") ?? 50,
            RelinkSdkClients = args.Text("--relink-client") switch
            {
                null or "lean" => false,
                "sdk" => true,
                var other => throw new ArgumentException($"--relink-client: '{other}' is not lean or sdk."),
            },
            ServerEnvironment = (args.List("--server-env") ?? []).Select(pair => pair.Split('=', 2)).ToDictionary(
                kv => kv.Length == 2 && kv[0].StartsWith("DOTNET_", StringComparison.Ordinal) ? kv[0] : throw new ArgumentException($"--server-env: '{string.Join('=', kv)}' is not DOTNET_NAME=VALUE."),
                kv => kv[1],
                StringComparer.Ordinal),
        };

        if (!settings.Counts.SequenceEqual(settings.Counts.Order()))
        {
            throw new ArgumentException("--counts must be ascending: each step adds connections to the previous one.");
        }

        if (settings.ProbeMessages < 0 || settings.ProbeRate <= 0)
        {
            throw new ArgumentException("--probe-messages takes 0 or more, --probe-rate more than 0.");
        }

        return settings;
    }
}
