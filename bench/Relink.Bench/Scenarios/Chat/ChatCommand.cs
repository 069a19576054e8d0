using Relink.Bench.Reporting;
using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Chat;

/// <summary>The <c>chat</c> command: options, run, report.</summary>
internal static class ChatCommand
{
    /// <summary>One line for the usage text.</summary>
    public const string Usage = """
          chat [--rates 500,1000,2000,5000,10000,20000] [--pairs 500] [--quick] [--warmup 3s] [--window 10s] [--drain 5s]
               [--saturation-p99 1s] [--peers relink,signalr] [--concurrency 32] [--report PATH]
               1:1 chat between pairs of friends at fixed offered loads (open loop), Relink (persisted) vs a SignalR hub (in memory).
               --quick: rates 500,2000, 100 pairs, 3 s windows, report in a temp folder (a smoke check).
        """;

    /// <summary>Runs the scenario and writes the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = ChatSettings.From(args);
        var target = ReportTarget.From(args, settings.Traffic.Quick);
        args.RejectUnused();

        var run = await new TrafficScenario("chat", settings.Traffic, new ChatScenario(settings), Console.Out).RunAsync(args.ToString(), cancellationToken);
        var text = ChatReport.Text(settings);
        string latency = target.WriteBeside("benchmarks-chat-latency.svg", TrafficReport.LatencyChart(run, text, "1:1 chat: delivery latency vs offered load"));
        string throughput = target.WriteBeside("benchmarks-chat-throughput.svg", TrafficReport.ThroughputChart(run, text, "1:1 chat: delivered vs offered"));
        string markdown = TrafficReport.Markdown(run, text, latency, throughput);
        target.WriteSection("chat", markdown);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return run.Peers.Any(p => p.Levels.Count == 0) ? 3 : 0;
    }
}
