using Relink.Bench.Reporting;
using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Fanout;

/// <summary>The <c>fanout</c> command: options, run, report.</summary>
internal static class FanoutCommand
{
    /// <summary>One line for the usage text.</summary>
    public const string Usage = """
          fanout [--rates 1,5,10,20,50] [--members 1000] [--quick] [--warmup 3s] [--window 10s] [--drain 5s]
                 [--saturation-p99 1s] [--peers relink,signalr] [--concurrency 32] [--report PATH]
                 one sender posting to a group of logged-in members at fixed rates (open loop), Relink vs a SignalR hub.
                 --quick: rates 1,10 msg/s, 200 members, 3 s windows, report in a temp folder (a smoke check).
        """;

    /// <summary>Runs the scenario and writes the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = FanoutSettings.From(args);
        var target = ReportTarget.From(args, settings.Traffic.Quick);
        args.RejectUnused();

        var run = await new TrafficScenario("fanout", settings.Traffic, new FanoutScenario(settings), Console.Out).RunAsync(args.ToString(), cancellationToken);
        var text = FanoutReport.Text(settings);
        string latency = target.WriteBeside("benchmarks-fanout-latency.svg", TrafficReport.LatencyChart(run, text, "Group fan-out: delivery latency vs offered load"));
        string throughput = target.WriteBeside("benchmarks-fanout-throughput.svg", TrafficReport.ThroughputChart(run, text, "Group fan-out: delivered vs offered"));
        string markdown = TrafficReport.Markdown(run, text, latency, throughput);
        target.WriteSection("fanout", markdown);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return run.Peers.Any(p => p.Levels.Count == 0) ? 3 : 0;
    }
}
