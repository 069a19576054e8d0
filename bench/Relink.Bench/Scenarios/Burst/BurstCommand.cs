using System.Diagnostics;
using Relink.Bench.Measurement;
using Relink.Bench.Reporting;

namespace Relink.Bench.Scenarios.Burst;

/// <summary>The <c>burst</c> command: one sender, as many messages as fast as it can, each peer in turn in one run.</summary>
internal static class BurstCommand
{
    /// <summary>One line for the usage text.</summary>
    public const string Usage = """
          burst [--messages 100000] [--in-flight 64] [--outbox 1024] [--peers relink,signalr] [--deadline 5m] [--quick] [--report PATH]
               One client sends every message to an online friend as fast as it can (Relink: stored, then acked; SignalR: in memory).
               --quick: 5,000 messages, report in a temp folder (a smoke check).
        """;

    /// <summary>Runs the scenario and writes the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = BurstSettings.From(args);
        var target = ReportTarget.From(args, settings.Quick);
        args.RejectUnused();

        var machine = await MachineInfo.ReadAsync();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = new List<BurstResult>();
        foreach (string peer in settings.Peers)
        {
            results.Add(peer == "relink"
                ? await RelinkBurst.RunAsync(settings, Console.Out, cancellationToken)
                : await SignalRBurst.RunAsync(settings, Console.Out, cancellationToken));
            Console.WriteLine(BurstReport.Line(results[^1]));
        }

        string markdown = BurstReport.Markdown(settings, RunHeader.Markdown(started, clock.Elapsed, args.ToString(), machine, ProcessStats.LoadAverage()), results);
        target.WriteSection("burst", markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return results.All(r => r.Acked == r.Messages && r.Delivered == r.Messages && r.OutOfOrder == 0 && r.Duplicated == 0) ? 0 : 3;
    }
}
