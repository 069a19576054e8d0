using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Chat;

/// <summary>The <c>chat</c> command: options, run, report.</summary>
internal static class ChatCommand
{
    /// <summary>One line for the usage text.</summary>
    public const string Usage = """
          chat [--rates 500,1000,2000,5000,10000,20000] [--pairs 500] [--quick] [--warmup 3s] [--window 10s] [--drain 5s]
               [--saturation-p99 1s] [--peers relink,relink-postgres,signalr,ejabberd] [--concurrency 32] [--report PATH]
               1:1 chat between pairs of friends at fixed offered loads (open loop), Relink (persisted) vs a SignalR hub (in memory) and ejabberd (MAM on SQLite, when installed).
               relink-postgres: the same server on PostgreSQL 15 (the test kit's throw-away server), not run by default.
               --quick: rates 500,2000, 100 pairs, 3 s windows, report in a temp folder (a smoke check).
        """;

    /// <summary>Runs the scenario and writes the report; returns the exit code.</summary>
    public static Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var settings = ChatSettings.From(args);
        return TrafficCommand.RunAsync("chat", "1:1 chat", args, settings.Traffic, new ChatScenario(settings), ChatReport.Text(settings), cancellationToken);
    }
}
