using System.Text;
using Relink.Bench.Measurement;
using Relink.Bench.Reporting;
using Relink.Testing.Chaos;
using static System.FormattableString;

namespace Relink.Bench.Scenarios.Chaos;

/// <summary>The chaos run's generated section of docs/reliability.md: what ran, on what, and the checker's verdict.</summary>
internal static class ChaosMarkdown
{
    /// <summary>The Markdown section.</summary>
    public static string Section(ChaosReport report, ChaosOptions options, MachineInfo machine, DateTimeOffset started, string commandLine)
    {
        var d = report.Delivery;
        var text = new StringBuilder();
        // The same header as every other section (kernel, cores, load at the start and the end), marked as the long form.
        text.AppendLine("Long form. " + RunHeader.Markdown(started, report.Duration, commandLine, machine, ProcessStats.LoadAverage()));
        text.AppendLine();
        text.AppendLine(Invariant($"{options.Clients} SDK clients (all friends, one group of all of them), half the messages 1:1 and half to the group, paced over {options.Span.TotalSeconds:0} s; ") +
            "server heartbeat 1 s / 3 s; client backoff 200 ms doubling to a 2 s cap; " + Servers(options));
        text.AppendLine();
        text.AppendLine("| seed | messages | deliveries | faults | lost | duplicated | out of order | unacked | unexpected | max recovery |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(Invariant($"| {report.Seed} | {d.Messages:N0} | {d.Deliveries:N0} | {report.Faults.Values.Sum():N0} | {d.Lost:N0} | {d.Duplicated:N0} | {d.OutOfOrder:N0} | {d.Unacked:N0} | {d.Unexpected:N0} | {report.MaxRecovery.TotalSeconds:0.0} s |"));
        text.AppendLine();
        if (report.OutboxFullWaits > 0)
        {
            text.AppendLine(Invariant($"The senders outran the links {report.OutboxFullWaits:N0} times: the SDK refused a send with a full outbox (1,024 unacknowledged messages; nothing queued), and the harness, as an app should, sent it again once there was room."));
            text.AppendLine();
        }

        if (report.UnavailableRetries > 0)
        {
            text.AppendLine(Invariant($"{report.UnavailableRetries:N0} sends were refused as `UNAVAILABLE` while the store was down (never acknowledged), and sent again."));
            text.AppendLine();
        }

        text.AppendLine("Faults by kind, and the longest time after one ended (link restored, server back) until every client was connected again; a fault lasts 200 ms plus up to a quarter of the mean gap between faults:");
        text.AppendLine();
        text.AppendLine("| fault | count | what it does | max recovery |");
        text.AppendLine("|---|---:|---|---:|");
        foreach (var (kind, count) in report.Faults.OrderBy(f => f.Key))
        {
            text.AppendLine(Invariant($"| {kind} | {count} | {Describe(kind)} | {report.Recovery.GetValueOrDefault(kind).TotalSeconds:0.0} s |"));
        }

        if (report.NodeKills.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(NodeKills(report.NodeKills));
        }

        text.AppendLine();
        text.AppendLine(d.Clean
            ? "Verdict: **clean**: every message acknowledged to its sender and delivered to every recipient exactly once, in its conversation's order."
            : "Verdict: **NOT clean**: see the counts above; rerun with the same `--seed` to replay the schedule.");
        return text.ToString();
    }

    /// <summary>A node kill's own recovery: from the kill (not the node's restart) until every client it cut was back.</summary>
    private static string NodeKills(IReadOnlyList<NodeKillRecovery> kills)
    {
        double[] back = [.. kills.Select(k => k.AllBackAfter.TotalSeconds).Order()];
        return Invariant($"Node kills, counted from the SIGKILL rather than the node's restart: {kills.Count} kills cut {kills.Min(k => k.ClientsCut)} to {kills.Max(k => k.ClientsCut)} clients each ({kills.Sum(k => k.ClientsCut)} in all); ") +
            Invariant($"the last of a kill's clients was connected again through the balancer {back[back.Length / 2]:0.00} s after the kill at the median, {back[^1]:0.00} s at the worst.");
    }

    private static string Servers(ChaosOptions options) => options.Nodes == 0
        ? "one server on SQLite with `Synchronous = Full`."
        : Invariant($"{options.Nodes} nodes (`--node-id node0` …) on one PostgreSQL 15 (the test kit's: fsync off) and one nats-server, behind the test kit's round-robin proxy as the balancer (no sticky sessions); cluster reconcile 500 ms, node lease 2 s; a send refused as `UNAVAILABLE` (store down) is sent again after 250 ms with the same client id.");

    private static string Describe(FaultKind kind) => kind switch
    {
        FaultKind.Reset => "every proxied connection reset (RST both ways)",
        FaultKind.BlackHole => "traffic silently dropped both ways, past the 3 s heartbeat timeout",
        FaultKind.Delay => "80 ms added to every chunk",
        FaultKind.BandwidthCap => "16 KiB/s",
        FaultKind.SplitWrites => "forwarded a byte at a time",
        FaultKind.CoalesceWrites => "writes merged over 30 ms",
        FaultKind.KillServer => "SIGKILL of the server, restarted on the same data",
        FaultKind.KillNode => "SIGKILL of one node (the nodes in turn), restarted with the same node id after the fault's duration; its clients resume on the others meanwhile (so they are back before the fault ends: see below for the time from the kill)",
        FaultKind.RestartBus => "SIGKILL of nats-server, restarted on the same port after the fault's duration",
        FaultKind.RestartStore => "PostgreSQL stopped (fast shutdown: every connection cut), started again after the fault's duration",
        _ => kind.ToString(),
    };
}
