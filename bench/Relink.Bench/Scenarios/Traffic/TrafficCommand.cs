using Relink.Bench.Reporting;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>The run-and-report part of the traffic commands (chat, fanout): they differ in settings and words only.</summary>
internal static class TrafficCommand
{
    /// <summary>
    /// Runs <paramref name="workload"/> on every configured server, writes section <paramref name="name"/> of the report
    /// with its two charts (benchmarks-NAME-latency.svg, benchmarks-NAME-throughput.svg); returns the exit code.
    /// </summary>
    public static async Task<int> RunAsync(string name, string title, BenchArguments args, TrafficSettings settings, ITrafficWorkload workload, TrafficReportText text, CancellationToken cancellationToken)
    {
        var target = ReportTarget.From(args, settings.Quick);
        args.RejectUnused();

        var run = await new TrafficScenario(name, settings, workload, Console.Out).RunAsync(args.ToString(), cancellationToken);
        string latency = target.WriteBeside($"benchmarks-{name}-latency.svg", TrafficReport.LatencyChart(run, text, $"{title}: delivery latency vs offered load"));
        string throughput = target.WriteBeside($"benchmarks-{name}-throughput.svg", TrafficReport.ThroughputChart(run, text, $"{title}: delivered vs offered"));
        string markdown = TrafficReport.Markdown(run, text, latency, throughput);
        target.WriteSection(name, markdown);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return run.Peers.Any(p => p.Levels.Count == 0) ? 3 : 0;
    }
}
