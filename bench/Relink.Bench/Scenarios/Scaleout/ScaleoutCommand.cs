using Relink.Bench.Reporting;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>The <c>scaleout</c> command: options, run, report.</summary>
internal static class ScaleoutCommand
{
    /// <summary>Lines for the usage text.</summary>
    public const string Usage = """
          scaleout [--per-node 5000] [--rate 200] [--probes 500] [--outage 2s] [--cost-window 10s] [--peers relink,signalr]
                   [--concurrency 32] [--relink-server PATH/Relink.Server.Host.dll] [--quick] [--report PATH]
               three nodes of each product behind a round-robin balancer on this machine (Relink: PostgreSQL + NATS;
               SignalR: Redis backplane), --per-node clients on each: per-node cost under load, same-node vs cross-node
               latency, SIGKILL of a node (time until its clients are back elsewhere, messages lost or late), SIGKILL
               and restart of the bus (messages lost or late, time until every recipient has everything). Each
               message missing at the drain deadline is explained in /tmp/relink-bench, with the nodes' output. The
               balancer (SO_REUSEPORT processes) and the load clients (worker processes of at most 3,000) run as child
               processes of the bench, which report to it, so 5,000 per node fit the limit on open files per process.
               --quick: 100 clients per node, 100 msg/s, report in a temp folder.
               --relink-server: run another build of the server as the Relink nodes.
        """;

    /// <summary>Runs the scenario and writes the report; returns 0 (losses are results to report, not failures of the run).</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = ScaleoutSettings.From(args);
        var target = ReportTarget.From(args, settings.Quick);
        args.RejectUnused();

        var run = await new ScaleoutScenario(settings, Console.Out).RunAsync(args.ToString(), cancellationToken);
        string markdown = ScaleoutReport.Markdown(run);
        target.WriteSection("scaleout", markdown);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return 0;
    }
}
