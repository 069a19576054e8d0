using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Chat;

/// <summary>How the chat scenario runs: the pairs of friends, and the shared stepping of offered load.</summary>
internal sealed record ChatSettings(int Pairs, TrafficSettings Traffic)
{
    /// <summary>Reads the scenario's options, with full-run or quick defaults.</summary>
    public static ChatSettings From(BenchArguments args)
    {
        var traffic = TrafficSettings.From(args, fullRates: [500, 1000, 2000, 5000, 10000, 20000], quickRates: [500, 2000], ejabberd: true, postgres: true);
        int pairs = args.Int("--pairs") ?? (traffic.Quick ? 100 : 500);
        return pairs >= 1 ? new ChatSettings(pairs, traffic) : throw new ArgumentException("--pairs must be at least 1.");
    }
}
