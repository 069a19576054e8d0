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
    public static Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = FanoutSettings.From(args);
        return TrafficCommand.RunAsync("fanout", "Group fan-out", args, settings.Traffic, new FanoutScenario(settings), FanoutReport.Text(settings), cancellationToken);
    }
}
