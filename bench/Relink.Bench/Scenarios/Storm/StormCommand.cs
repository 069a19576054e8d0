using Relink.Bench.Reporting;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>The <c>storm</c> command: options, run, report.</summary>
internal static class StormCommand
{
    /// <summary>One line for the usage text.</summary>
    public const string Usage = """
          storm [--clients 10000] [--quick] [--peers relink,signalr,relink-postgres] [--concurrency 64] [--deadline 75s] [--report PATH]
                [--relink-credentials]
               reconnect storm: kill -9 and restart the server under N logged-in clients, Relink SDK vs SignalR clients
               with automatic reconnect; time until all are back, attempts/s, messages lost or duplicated.
               --quick: 300 clients, report in a temp folder (a smoke check).
               --relink-credentials: Relink clients also have their password (a variant: its own section and charts).
        """;

    /// <summary>Runs the scenario and writes the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = StormSettings.From(args);
        var target = ReportTarget.From(args, settings.Quick);
        args.RejectUnused();

        string name = settings.RelinkCredentials ? "storm-relink-credentials" : "storm";
        var run = await new StormScenario(settings, Console.Out).RunAsync(args.ToString(), cancellationToken);
        string attempts = target.WriteBeside($"benchmarks-{name}-attempts.svg", StormReport.AttemptsChart(run));
        string back = target.WriteBeside($"benchmarks-{name}-back.svg", StormReport.BackChart(run));
        string markdown = StormReport.Markdown(run, attempts, back);
        target.WriteSection(name, markdown);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return 0;
    }
}
