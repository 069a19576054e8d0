using Relink.Testing.Chaos;
using Xunit.Abstractions;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// The chaos harness's short, fixed-seed form: a few hundred messages while faults of every kind hit the links and
/// the server. The long form runs from bench/ (see docs/reliability.md).
/// </summary>
public sealed class Chaos_Tests(ITestOutputHelper output)
{
    [Fact]
    public async Task Degraded_links_lose_reorder_and_duplicate_nothing()
    {
        var report = await ChaosRun.RunAsync(new ChaosOptions
        {
            Seed = 11,
            Messages = 200,
            Span = TimeSpan.FromSeconds(20),
            Kinds = [FaultKind.Delay, FaultKind.BandwidthCap, FaultKind.SplitWrites, FaultKind.CoalesceWrites],
        }, new OutputWriter(output));

        report.Delivery.Clean.ShouldBeTrue(report.ToString());
    }

    [Fact]
    public async Task Resets_black_holes_and_server_kills_lose_reorder_and_duplicate_nothing()
    {
        var report = await ChaosRun.RunAsync(new ChaosOptions
        {
            Seed = 7,
            Messages = 300,
            Span = TimeSpan.FromSeconds(60),
            FaultsPerKind = 2, // every kind, twice: 14 faults, 2 of them SIGKILL of the server
        }, new OutputWriter(output));

        report.Delivery.Clean.ShouldBeTrue(report.ToString());
        report.Faults.Keys.ShouldBe(FaultKinds.SingleServer, ignoreOrder: true);
    }

    [Fact]
    public async Task Node_kills_and_a_bus_restart_in_a_cluster_lose_reorder_and_duplicate_nothing()
    {
        // Three nodes on PostgreSQL and NATS behind the round-robin balancer: clients land on any node, resume on
        // another after a kill, and cross-node deliveries made while the bus is down come from the store's catch-up.
        var report = await ChaosRun.RunAsync(new ChaosOptions
        {
            Seed = 13,
            Nodes = 3,
            Messages = 240,
            Span = TimeSpan.FromSeconds(40),
            FaultsPerKind = 1,
            Kinds = [.. FaultKinds.Links, FaultKind.KillNode, FaultKind.KillNode, FaultKind.RestartBus, FaultKind.RestartBus],
        }, new OutputWriter(output));

        report.Delivery.Clean.ShouldBeTrue(report.ToString());
        report.Faults[FaultKind.KillNode].ShouldBe(2);

        // Each kill's clients are back through the balancer in about 2 s (200 ms backoff doubling to a 2 s cap, then a
        // resume); 30 s is far beyond that even on a loaded box, yet well under the harness's own 60 s give-up.
        report.NodeKills.Count.ShouldBe(2);
        report.NodeKills.ShouldAllBe(kill => kill.AllBackAfter < TimeSpan.FromSeconds(30), report.ToString());
        report.Faults[FaultKind.RestartBus].ShouldBe(2);
        report.Faults.Keys.ShouldBe([.. FaultKinds.Links, FaultKind.KillNode, FaultKind.RestartBus], ignoreOrder: true);
    }

    [Fact]
    public async Task Fault_kinds_that_do_not_fit_the_servers_are_refused_before_anything_starts()
    {
        // A schedule naming a node kill against one server (or a whole-server kill against a cluster) would run
        // minutes and prove nothing about the kind it names.
        var oneServer = await Should.ThrowAsync<ArgumentException>(() => ChaosRun.RunAsync(new ChaosOptions { Kinds = [FaultKind.Reset, FaultKind.KillNode] }, TextWriter.Null));
        oneServer.Message.ShouldContain("KillNode");
        var cluster = await Should.ThrowAsync<ArgumentException>(() => ChaosRun.RunAsync(new ChaosOptions { Nodes = 3, Kinds = [FaultKind.KillServer] }, TextWriter.Null));
        cluster.Message.ShouldContain("KillServer");
    }

    private sealed class OutputWriter(ITestOutputHelper output) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => output.WriteLine(value ?? "");
    }
}
