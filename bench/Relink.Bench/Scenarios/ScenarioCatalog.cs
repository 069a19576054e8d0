using Relink.Bench.Scenarios.Burst;
using Relink.Bench.Scenarios.Chaos;
using Relink.Bench.Scenarios.Chat;
using Relink.Bench.Scenarios.Deadlink;
using Relink.Bench.Scenarios.Fanout;
using Relink.Bench.Scenarios.Idle;
using Relink.Bench.Scenarios.Scaleout;
using Relink.Bench.Scenarios.Presence;
using Relink.Bench.Scenarios.Storm;

namespace Relink.Bench.Scenarios;

/// <summary>A command of the load generator: its name, its lines of the usage text, and how it runs.</summary>
internal sealed record Scenario(string Name, string Usage, Func<BenchArguments, CancellationToken, Task<int>> RunAsync);

/// <summary>Every scenario the generator knows; a new scenario adds one line here and a folder beside this file.</summary>
internal static class ScenarioCatalog
{
    /// <summary>The scenarios in the order the usage text lists them.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("idle", IdleCommand.Usage, IdleCommand.RunAsync),
        new("chat", ChatCommand.Usage, ChatCommand.RunAsync),
        new("fanout", FanoutCommand.Usage, FanoutCommand.RunAsync),
        new("storm", StormCommand.Usage, StormCommand.RunAsync),
        new("deadlink", DeadlinkCommand.Usage, DeadlinkCommand.RunAsync),
        new("chaos", ChaosCommand.Usage, ChaosCommand.RunAsync),
        new("burst", BurstCommand.Usage, BurstCommand.RunAsync),
        new("scaleout", ScaleoutCommand.Usage, ScaleoutCommand.RunAsync),
        new("presence", PresenceCommand.Usage, PresenceCommand.RunAsync),
    ];

    /// <summary>Commands the bench runs as its own child processes, left out of the usage text.</summary>
    private static IReadOnlyList<Scenario> Hidden { get; } =
    [
        new(BalancerCommand.Name, "", BalancerCommand.RunAsync),
        new(LoadWorkerCommand.Name, "", LoadWorkerCommand.RunAsync),
    ];

    /// <summary>The usage text.</summary>
    public static string Usage =>
        "Usage: dotnet run -c Release --project bench/Relink.Bench -- SCENARIO [options]\nScenarios:\n" +
        string.Join("\n", All.Select(s => s.Usage));

    /// <summary>The scenario called <paramref name="name"/>.</summary>
    public static Scenario Find(string name) =>
        All.Concat(Hidden).FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"Unknown scenario '{name}'.");
}
