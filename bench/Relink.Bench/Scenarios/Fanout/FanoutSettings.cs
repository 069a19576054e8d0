using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Fanout;

/// <summary>How the fan-out scenario runs: the group's receiving members, and the shared stepping of offered load.</summary>
internal sealed record FanoutSettings(int Members, TrafficSettings Traffic)
{
    /// <summary>Reads the scenario's options, with full-run or quick defaults.</summary>
    public static FanoutSettings From(BenchArguments args)
    {
        var traffic = TrafficSettings.From(args, fullRates: [1, 5, 10, 20, 50], quickRates: [1, 10]);
        int members = args.Int("--members") ?? (traffic.Quick ? 200 : 1000);
        return members >= 1 ? new FanoutSettings(members, traffic) : throw new ArgumentException("--members must be at least 1.");
    }
}
