using System.Globalization;
using System.Text;
using Relink.Bench.Reporting;

namespace Relink.Bench.Scenarios.Presence;

/// <summary>The <c>presence</c> command: options, run, report.</summary>
internal static class PresenceCommand
{
    /// <summary>One line for the usage text.</summary>
    public const string Usage = """
          presence [--users 19000] [--friends 50] [--storm 1000] [--quick] [--concurrency 64] [--report PATH]
               presence under a reconnect storm: N users with F friends each; K drop and resume at once, then leave,
               then log in again; presence pushes per change and the server's CPU in each phase.
               --quick: 200 users, 10 friends, 50 in the storm, report in a temp folder (a smoke check).
        """;

    /// <summary>Runs the scenario and writes the report; returns the exit code.</summary>
    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = PresenceSettings.From(args);
        var target = ReportTarget.From(args, settings.Quick);
        args.RejectUnused();

        var run = await new PresenceScenario(settings, Console.Out).RunAsync(args.ToString(), cancellationToken);
        string markdown = Markdown(run);
        target.WriteSection("presence", markdown);

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(target.MarkdownPath)}");
        return 0;
    }

    /// <summary>The phases as a table: pushes per changed user, and the server's CPU beside the quiet baseline.</summary>
    public static string Markdown(PresenceRun run)
    {
        var s = run.Settings;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{run.CommandLine}` on {run.Machine.Cores} cores ({run.Machine.CpuModel}), load average {run.Machine.LoadAverage:0.0} before and {run.LoadAverageAfter:0.0} after; commit {run.Machine.Commit}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.Users:N0} users with {s.Friends} friends each, {s.Storm:N0} of them changing in each phase; heartbeat {s.Heartbeat.Interval.TotalSeconds:0} s / dead-link timeout {s.Heartbeat.RelinkTimeout.TotalSeconds:0} s, presence grace {s.Grace.TotalSeconds:0} s.");
        text.AppendLine();
        text.AppendLine("| phase | users changing | presence pushes | pushes per user | server CPU | wall time |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var p in run.Phases)
        {
            string perUser = p.Changes == 0 ? "—" : (p.Pushes / (double)p.Changes).ToString("0.00", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {p.Name} | {p.Changes:N0} | {p.Pushes:N0} | {perUser} | {p.ServerCpu.TotalSeconds:0.00} s | {p.Duration.TotalSeconds:0.0} s |");
        }

        return text.ToString();
    }
}
