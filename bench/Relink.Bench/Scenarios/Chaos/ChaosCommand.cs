using Relink.Bench.Measurement;
using Relink.Bench.Reporting;
using Relink.Testing.Chaos;

namespace Relink.Bench.Scenarios.Chaos;

/// <summary>
/// The <c>chaos</c> command: the long form of the chaos harness (tests/Relink.Testing.Chaos), whose short form runs in
/// the test suite. Writes its verdict to the "chaos" section of docs/reliability.md.
/// </summary>
internal static class ChaosCommand
{
    /// <summary>Lines for the usage text.</summary>
    public const string Usage = """
          chaos [--quick] [--cluster] [--seed 20261122] [--clients 20] [--messages 100000] [--faults-per-kind 40]
                [--span 600s] [--kinds Reset,BlackHole,Delay,BandwidthCap,SplitWrites,CoalesceWrites,KillServer] [--report PATH]
               the long-form chaos run: SDK clients chat 1:1 and in one group through the fault proxy while a seeded
               schedule resets, black-holes, slows, caps, splits and coalesces the links and SIGKILLs the server;
               then every message is checked: acked, delivered to each recipient once, in order. Exit 3 if not clean.
               --cluster: three nodes on PostgreSQL and NATS behind a round-robin balancer instead of one server on
               SQLite; the kinds are then the link faults, KillNode (SIGKILL of one node, restarted), RestartBus
               (nats-server SIGKILLed and restarted) and RestartStore (PostgreSQL stopped and started); 20 faults of
               each kind by default.
               --quick: 6 clients, 2,000 messages, 2 faults of each kind over 40 s, report in a temp folder.
        """;

    /// <summary>Runs the harness and writes the report; returns 0 when the checker found nothing wrong.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        bool quick = args.Flag("--quick");
        bool cluster = args.Flag("--cluster");
        var options = new ChaosOptions
        {
            Seed = args.Int("--seed") ?? 20261122,
            Clients = args.Int("--clients") ?? (quick ? 6 : 20),
            Messages = args.Int("--messages") ?? (quick ? 2000 : 100_000),
            // A node kill waits for the node to start again (seconds on a loaded box), so the cluster's default keeps
            // the faults far enough apart for the schedule to keep pace with the sends.
            FaultsPerKind = args.Int("--faults-per-kind") ?? (quick ? 2 : cluster ? 20 : 40),
            Span = args.Duration("--span") ?? TimeSpan.FromSeconds(quick ? 40 : 600),
            Nodes = cluster ? 3 : 0,
            Kinds = args.List("--kinds") is { } kinds ? [.. kinds.Select(ParseKind)] : cluster ? FaultKinds.Cluster : FaultKinds.SingleServer,
            SettleDeadline = TimeSpan.FromMinutes(quick ? 1.5 : 5),
        };
        if (options.Clients < 2 || options.Messages < 1)
        {
            throw new ArgumentException("--clients takes 2 or more, --messages 1 or more.");
        }

        var target = ReportTarget.From(args, quick, "reliability.md");
        args.RejectUnused();

        var machine = await MachineInfo.ReadAsync();
        var started = DateTimeOffset.UtcNow;

        var report = await ChaosRun.RunAsync(options, Console.Out, cancellationToken);

        string markdown = ChaosMarkdown.Section(report, options, machine, started, args.ToString());
        target.WriteSection(cluster ? "chaos-cluster" : "chaos", markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return report.Delivery.Clean ? 0 : 3;
    }

    private static FaultKind ParseKind(string name) =>
        Enum.TryParse<FaultKind>(name, ignoreCase: true, out var kind)
            ? kind
            : throw new ArgumentException($"--kinds: '{name}' is not one of {string.Join(", ", Enum.GetNames<FaultKind>())}.");
}
