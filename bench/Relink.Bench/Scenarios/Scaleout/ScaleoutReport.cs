using System.Text;
using Relink.Bench.Measurement;
using Relink.Bench.Reporting;
using static System.FormattableString;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>Turns a scale-out run into the Markdown section of docs/benchmarks.md.</summary>
internal static class ScaleoutReport
{
    /// <summary>The generated Markdown: setup, per-node cost, latency, node kill, bus restart, notes.</summary>
    public static string Markdown(ScaleoutRun run)
    {
        var s = run.Settings;
        var text = new StringBuilder();
        text.AppendLine(RunHeader.Markdown(run.Started, run.Duration, run.CommandLine, run.Machine, run.LoadAverageAtEnd));
        text.AppendLine();
        text.AppendLine(Invariant($"Each product as {ScaleoutSettings.Nodes} node processes on this one machine behind a round-robin TCP balancer ({s.Balancers} balancer processes sharing one port with SO_REUSEPORT, each a round-robin over the nodes; no sticky sessions; a node that refuses a connection is skipped), {s.Clients:N0} load clients connected through it ({s.PerNode:N0} per node, in {s.Workers} worker processes that report to the bench), {ScaleoutSettings.Senders} senders and 3 latency probes in the bench process connected straight to nodes 1 and 2. ") +
            Invariant($"The load is {s.Rate} messages/s from the senders to the load clients in turn. On {run.Machine.Cores} cores {ScaleoutSettings.Nodes} nodes cannot be faster than one: the table gives each node's cost, not a speed-up."));
        text.AppendLine();
        foreach (var r in run.Results)
        {
            text.AppendLine(Invariant($"- **{r.Peer}**: {r.Setup}."));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"Per node, over {s.CostWindow.TotalSeconds:0} s of load (CPU: 100 % is one core):"));
        text.AppendLine();
        var cost = new MarkdownTable("product", "node", "connections", "resident MB", "CPU");
        foreach (var r in run.Results)
        {
            foreach (var n in r.Costs)
            {
                cost.Row(r.Peer, Invariant($"{n.Node}"), Invariant($"{n.Connections:N0}"), Invariant($"{n.ResidentMegabytes:0}"), Invariant($"{n.CpuPercent:0} %"));
            }
        }

        text.Append(cost.ToString());
        text.AppendLine();
        text.AppendLine(Invariant($"1:1 latency, send to receipt, {s.Probes} probes of each kind, no other load; same node: sender and recipient on node 1; cross node: the recipient on node 2 (through the bus):"));
        text.AppendLine();
        var latency = new MarkdownTable("product", "same node p50", "same node p99", "cross node p50", "cross node p99");
        foreach (var r in run.Results)
        {
            latency.Row(r.Peer, Ms(r.SameNode.P50), Ms(r.SameNode.P99), Ms(r.CrossNode.P50), Ms(r.CrossNode.P99));
        }

        text.Append(latency.ToString());
        text.AppendLine();
        text.AppendLine(Invariant($"Node 0 killed with SIGKILL under load: its clients reconnect through the balancer to the others. Back = reconnected and logged in again (Relink: the SDK's Resumed; SignalR: Reconnected, then Login); of them, a new login = Relink's resume refused, the SDK's LoggedInAgain (SignalR: every one). ") +
            Invariant($"Late = acknowledged by the server, not received {s.DrainDeadline.TotalSeconds:0} s after the load stopped (the drain deadline, by when every client had had its time to catch up), but received in a wait after it ({LateWindows(run)}; the latest's delay after the deadline in brackets); lost = acknowledged, never received, not even then; refused = the sender got an error, so it knows. ") +
            "Runs before late was counted (until 2026-12-07) counted late messages as lost: their lost compares with lost + late here:");
        text.AppendLine();
        var kill = new MarkdownTable("product", "clients dropped", "back", "of them a new login", "all back after", "median back after", "acknowledged", "lost", "late", "duplicated", "refused");
        foreach (var r in run.Results)
        {
            var k = r.Kill;
            kill.Row(r.Peer, Invariant($"{k.Dropped:N0}"), Invariant($"{k.Back:N0}"), Invariant($"{k.LoggedInAgain:N0}"), Seconds(k.BackSeconds, 1), Seconds(k.BackSeconds, 0.5),
                Invariant($"{k.Messages.Acknowledged:N0}"), Invariant($"{k.Messages.Lost:N0}"), Late(r, k.Messages), Invariant($"{k.Messages.Duplicated:N0}"), Invariant($"{k.Messages.Refused:N0}"));
        }

        text.Append(kill.ToString());
        text.AppendLine();
        text.AppendLine("Where that time went: from the kill until each client noticed its link was gone (the balancer closes it when the node's side dies), then from its own drop until it was back (reconnect, login or resume):");
        text.AppendLine();
        var split = new MarkdownTable("product", "noticed, median", "noticed, last", "drop to back, median", "drop to back, longest");
        foreach (var r in run.Results)
        {
            var k = r.Kill;
            split.Row(r.Peer, Seconds(k.DropSeconds, 0.5), Seconds(k.DropSeconds, 1), Seconds(k.RejoinSeconds, 0.5), Seconds(k.RejoinSeconds, 1));
        }

        text.Append(split.ToString());
        text.AppendLine();
        text.AppendLine(Invariant($"The bus (NATS for Relink, Redis for SignalR) killed with SIGKILL under load and started again {s.Outage.TotalSeconds:0.#} s later on the same port. Caught up = from the bus's return until the last message sent before it had arrived:"));
        text.AppendLine();
        var bus = new MarkdownTable("product", "bus", "acknowledged", "lost", "late", "duplicated", "refused", "caught up after");
        foreach (var r in run.Results)
        {
            var m = r.BusRestart.Messages;
            bus.Row(r.Peer, r.Bus, Invariant($"{m.Acknowledged:N0}"), Invariant($"{m.Lost:N0}"), Late(r, m), Invariant($"{m.Duplicated:N0}"), Invariant($"{m.Refused:N0}"),
                m.Lost > 0 ? Invariant($"never ({m.Lost:N0} lost)") : Invariant($"{r.BusRestart.CaughtUpSeconds:0.00} s"));
        }

        text.Append(bus.ToString());
        foreach (var r in run.Results)
        {
            if (r.GaveUp.Count > 0)
            {
                text.AppendLine();
                text.AppendLine(Invariant($"Note: {r.Peer}: {r.GaveUp.Count} clients stopped reconnecting ({r.GaveUp.Reason})."));
            }

            if (r.SkippedSends > 0)
            {
                text.AppendLine();
                text.AppendLine(Invariant($"Note: {r.Peer}: {r.SkippedSends:N0} scheduled sends skipped, too many in flight."));
            }
        }

        return text.ToString();
    }

    /// <summary>Late messages, with the latest's delay after the drain deadline; "–" where nothing was waited for after it.</summary>
    private static string Late(ScaleoutResult r, MessageTally m) =>
        r.LateWindow == TimeSpan.Zero ? "–"
        : m.Late == 0 ? "0"
        : Invariant($"{m.Late:N0} (+{m.LateBySeconds:0.0} s)");

    /// <summary>How long each product waited after the drain deadline, and why.</summary>
    private static string LateWindows(ScaleoutRun run) => string.Join("; ", run.Results.Select(r => r.LateWindow == TimeSpan.Zero
        ? $"{r.Peer}: none, its client fetches nothing on its own"
        : Invariant($"{r.Peer}: up to {r.LateWindow.TotalSeconds:0} s, its client's periodic sync interval + {run.Settings.LateMargin.TotalSeconds:0} s, only while some were missing")));

    private static string Ms(long microseconds) => Invariant($"{microseconds / 1000.0:0.00} ms");

    private static string Seconds(double[] sorted, double q) =>
        sorted.Length == 0 ? "–" : Invariant($"{sorted[(int)Math.Round(q * (sorted.Length - 1))]:0.00} s");
}
