using Relink.Bench.Reporting;

namespace Relink.Bench.Scenarios.Idle;

/// <summary>The <c>idle</c> command: options, run, report.</summary>
internal static class IdleCommand
{
    /// <summary>One line for the usage text.</summary>
    public const string Usage = """
          idle [--counts 1000,5000,10000,19000] [--quick] [--window 20s] [--settle 10s] [--warmup 200]
               [--peers relink,signalr,ejabberd] [--signalr-max N] [--concurrency 32] [--report PATH]
               [--server-env DOTNET_NAME=VALUE,...] [--tag NAME] [--relink-client lean|sdk]
               [--no-probe] [--probe-messages 200] [--probe-rate 50]
               memory and CPU per idle logged-in connection with heartbeats, Relink vs a stock SignalR hub (and ejabberd, when installed).
               After each step's readings, a latency probe: one more pair of friends sends --probe-messages
               1:1 messages at --probe-rate msg/s (--no-probe: none); delivery p50/p99/max per step.
               --quick: counts 200,1000, 2 s heartbeat, 3 s windows, 100 probe messages, report in a temp folder (a smoke check).
               --tag: a separate report section and chart, for a variant run (e.g. with --server-env).
               --relink-client sdk: load Relink with full SDK clients, to weigh the SDK (generator column).
        """;

    /// <summary>Runs the scenario and writes the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = IdleSettings.From(args);
        var target = ReportTarget.From(args, settings.Quick);
        string? tag = args.Text("--tag");
        if (tag is not null && !tag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("--tag takes letters, digits and dashes.");
        }

        args.RejectUnused();

        var run = await new IdleScenario(settings, Console.Out).RunAsync(args.ToString(), cancellationToken);
        string chart = target.WriteBeside(tag is null ? "benchmarks-idle-memory.svg" : $"benchmarks-idle-memory-{tag}.svg", IdleReport.Chart(run));
        string? latencyChart = IdleReport.HasProbes(run)
            ? target.WriteBeside(tag is null ? "benchmarks-idle-latency.svg" : $"benchmarks-idle-latency-{tag}.svg", IdleReport.LatencyChart(run))
            : null;
        string markdown = IdleReport.Markdown(run, chart, latencyChart);
        target.WriteSection(tag is null ? "idle" : "idle-" + tag, markdown);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)} (charts {Path.Combine(target.Folder, chart)}{(latencyChart is null ? "" : ", " + Path.Combine(target.Folder, latencyChart))})");
        return run.Peers.Any(p => p.Note is not null && p.Steps.Count < settings.Counts.Length && !p.Note.StartsWith("capped", StringComparison.Ordinal)) ? 3 : 0;
    }
}
