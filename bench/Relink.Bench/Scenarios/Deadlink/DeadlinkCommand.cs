using Relink.Bench.Reporting;

namespace Relink.Bench.Scenarios.Deadlink;

/// <summary>The <c>deadlink</c> command: options, run, report.</summary>
internal static class DeadlinkCommand
{
    /// <summary>One line for the usage text.</summary>
    public const string Usage = """
          deadlink [--connections 50] [--quick] [--short-only] [--peers relink,signalr] [--report PATH]
               dead-link detection: black-hole K connections per server in the fault proxy and time how long the
               client and the server take to notice, at 1 s / 3 s and (full runs) at each product's defaults.
               --quick: 10 connections, the short setting only, report in a temp folder (a smoke check).
        """;

    /// <summary>Runs the scenario and writes the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = DeadlinkSettings.From(args);
        var target = ReportTarget.From(args, settings.Quick);
        args.RejectUnused();

        var run = await new DeadlinkScenario(settings, Console.Out).RunAsync(args.ToString(), cancellationToken);
        string markdown = DeadlinkReport.Markdown(run);
        target.WriteSection("deadlink", markdown);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return run.Results.Any(r => r.Note is not null) ? 3 : 0;
    }
}
