using System.Text;
using Relink.Bench.Reporting;
using static System.FormattableString;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>What a traffic scenario's report says in its own words: the workload and its unit of work.</summary>
/// <param name="Workload">One paragraph: who sends to whom, over how many connections.</param>
/// <param name="PerDelivery">Rates and CPU per delivery (fan-out) rather than per message (1:1 chat).</param>
internal sealed record TrafficReportText(string Workload, bool PerDelivery);

/// <summary>Turns a traffic run into a Markdown section of docs/benchmarks.md and its charts; shared by chat and fan-out.</summary>
internal static class TrafficReport
{
    /// <summary>The generated Markdown: how it ran, the side-by-side table, the details per server, the charts, notes.</summary>
    public static string Markdown(TrafficRun run, TrafficReportText text, string latencyChart, string throughputChart)
    {
        var s = run.Settings;
        var md = new StringBuilder();
        md.AppendLine(RunHeader.Markdown(run.Started, run.Duration, run.CommandLine, run.Machine, run.LoadAverageAtEnd) +
            " The load generator runs on the same 2 cores as the server it measures (its CPU is in the details table).");
        md.AppendLine();
        md.AppendLine(text.Workload);
        md.AppendLine();
        md.AppendLine(Invariant($"Each level: open-loop sending at the offered rate (each message stamped with its scheduled send time; latency is measured from that time, so a stall cannot hide), {s.Warmup.TotalSeconds:0.#} s before a {s.Window.TotalSeconds:0.#} s measuring window, then up to {s.Drain.TotalSeconds:0.#} s for the last acks and deliveries. ") +
            Invariant($"Rates are counted by arrival over the window; latencies are of the messages scheduled in it; CPU is the server process's user + system time over it. ") +
            Invariant($"A server stops stepping up after a saturated level (delivered under 90% of offered, p99 over {s.SaturationP99.TotalMilliseconds:#,0} ms, or anything missing, refused or dropped). ") +
            "Relink stores every message in SQLite (the server's default `synchronous=FULL`: the write-ahead log is synced at each commit, and commits are batched) before it acknowledges it; its per-connection send budget (`Relink:Limits:SendBurst`) is turned off for the run. SignalR stores nothing: its ack is the completed hub invocation.");
        md.AppendLine();
        md.Append(Headline(run, text));
        md.AppendLine();
        md.Append(ComparisonTable(run, text));
        md.AppendLine();
        md.AppendLine(Invariant($"![p50 and p99 delivery latency vs offered load]({latencyChart}) ![Delivered vs offered load]({throughputChart})"));
        md.AppendLine();
        md.AppendLine("Details per server and level (latencies from the scheduled send time; ack = the sender holds the server's answer, delivery = the recipient holds the message; receiver acks = Relink receivers' batched delivery acks, each a store write; generator = the load generator's own CPU):");
        md.AppendLine();
        md.Append(DetailTable(run));
        foreach (var peer in run.Peers)
        {
            foreach (var level in peer.Levels.Where(l => l.FirstAttempt is not null))
            {
                md.AppendLine();
                md.AppendLine(Invariant($"Note: {peer.Peer} at {level.OfferedRate:#,0} msg/s was run twice: the first run looked saturated ({level.FirstAttempt}); the tables show the second."));
            }
        }

        foreach (var peer in run.Peers.Where(p => p.Levels.Any(l => l.StoreCpu > TimeSpan.Zero)))
        {
            md.AppendLine();
            md.AppendLine(Invariant($"Note: {peer.Peer}'s database processes, beside its server CPU above: ") +
                string.Join(", ", peer.Levels.Select(l => Invariant($"{l.StoreMicrosecondsPerMessage:0.0} µs/msg at {l.OfferedRate:#,0} msg/s"))) + ".");
        }

        foreach (var peer in run.Peers.Where(p => p.Note is not null))
        {
            md.AppendLine();
            md.AppendLine(Invariant($"Note: {peer.Peer} {peer.Note}."));
        }

        return md.ToString();
    }

    /// <summary>p50 (dashed) and p99 (solid) delivery latency against offered load, one colour per server.</summary>
    public static string LatencyChart(TrafficRun run, TrafficReportText text, string title)
    {
        var series = new List<ChartSeries>();
        foreach (var peer in run.Peers.Where(p => p.Levels.Count > 0))
        {
            string color = RunHeader.ColorOf(peer.Peer);
            series.Add(new ChartSeries($"{peer.Peer} p99", color, Dashed: false, [.. peer.Levels.Select(l => (Offered(l, text), l.Delivery.P99 / 1000.0))]));
            series.Add(new ChartSeries($"{peer.Peer} p50", color, Dashed: true, [.. peer.Levels.Select(l => (Offered(l, text), l.Delivery.P50 / 1000.0))]));
        }

        return SvgLineChart.Render(title, OfferedLabel(text), "delivery latency (ms)", series);
    }

    /// <summary>Delivered against offered load, with the line a server keeping up would follow.</summary>
    public static string ThroughputChart(TrafficRun run, TrafficReportText text, string title)
    {
        var series = new List<ChartSeries>();
        foreach (var peer in run.Peers.Where(p => p.Levels.Count > 0))
        {
            series.Add(new ChartSeries($"{peer.Peer} delivered", RunHeader.ColorOf(peer.Peer), Dashed: false,
                [.. peer.Levels.Select(l => (Offered(l, text), Delivered(l, text)))]));
        }

        var offered = run.Peers.SelectMany(p => p.Levels).Select(l => Offered(l, text)).Distinct().Order().ToList();
        if (offered.Count > 0)
        {
            series.Add(new ChartSeries("offered", "#999999", Dashed: true, [(0, 0), .. offered.Select(o => (o, o))]));
        }

        return SvgLineChart.Render(title, OfferedLabel(text), text.PerDelivery ? "deliveries per second" : "messages per second", series);
    }

    private static string Headline(TrafficRun run, TrafficReportText text)
    {
        var relink = run.Peers.FirstOrDefault(p => p.Peer == "Relink");
        var signalR = run.Peers.FirstOrDefault(p => p.Peer == "SignalR");
        var bestRelink = relink is null ? null : Sustained(relink, run.Settings);
        var bestSignalR = signalR is null ? null : Sustained(signalR, run.Settings);
        string unit = text.PerDelivery ? "deliveries/s" : "msg/s";
        var md = new StringBuilder();
        if (bestRelink is null || bestSignalR is null)
        {
            md.AppendLine("Not enough levels without saturation on both servers for a comparison.");
            return md.ToString();
        }

        double ratio = Delivered(bestRelink, text) / Delivered(bestSignalR, text);
        bool relinkTop = bestRelink == relink!.Levels[^1] && relink.Note is null;
        bool signalRTop = bestSignalR == signalR!.Levels[^1] && signalR.Note is null;
        md.AppendLine(Invariant($"**Highest load kept up with: Relink {Delivered(bestRelink, text):#,0} {unit} (persisted, p99 {Ms(bestRelink.Delivery.P99)}), SignalR {Delivered(bestSignalR, text):#,0} {unit} (in memory, p99 {Ms(bestSignalR.Delivery.P99)}): Relink ÷ SignalR = {ratio:0.00}.**") +
            (relinkTop && signalRTop ? " Both kept up with every rate tried: the ratio says nothing about their limits."
                : relinkTop ? " Relink kept up with every rate tried, so the ratio is a lower bound."
                : signalRTop ? " SignalR kept up with every rate tried, so the ratio is an upper bound." : ""));
        if (!text.PerDelivery)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"Target (reported, not asserted): Relink's persisted throughput ≥ 1.5 × SignalR's in-memory throughput at equal or lower p99: {(ratio >= 1.5 && bestRelink.Delivery.P99 <= bestSignalR.Delivery.P99 ? "met" : "not met")} in this run. ") +
                Invariant($"SignalR's server CPU at its highest sustained level: {bestSignalR.MicrosecondsPerMessage:0.0} µs per message (reference: about 7 µs per echoed message); Relink's: {bestRelink.MicrosecondsPerMessage:0.0} µs, store included."));
        }

        return md.ToString();
    }

    /// <summary>The highest level a server kept up with, or null.</summary>
    private static TrafficLevel? Sustained(TrafficPeerResult peer, TrafficSettings settings) =>
        peer.Levels.LastOrDefault(l => l.Saturation(settings.SaturationP99) is null);

    private static string ComparisonTable(TrafficRun run, TrafficReportText text)
    {
        var relink = run.Peers.FirstOrDefault(p => p.Peer == "Relink");
        var signalR = run.Peers.FirstOrDefault(p => p.Peer == "SignalR");
        string unit = text.PerDelivery ? "deliveries/s" : "msg/s";
        string cpu = text.PerDelivery ? "µs CPU/delivery" : "µs CPU/msg";
        var table = new MarkdownTable($"offered {unit}", $"delivered Relink (SQLite)", "delivered SignalR (memory)", "Relink ÷ SignalR",
            "p99 Relink", "p99 SignalR", "Relink ÷ SignalR", $"{cpu} Relink", $"{cpu} SignalR", "Relink ÷ SignalR");
        foreach (double rate in run.Settings.Rates)
        {
            var r = relink?.Levels.FirstOrDefault(l => l.OfferedRate == rate);
            var q = signalR?.Levels.FirstOrDefault(l => l.OfferedRate == rate);
            if (r is null && q is null)
            {
                continue;
            }

            double? rCpu = r is null ? null : PerUnit(r, text);
            double? qCpu = q is null ? null : PerUnit(q, text);
            table.Row(
                Invariant($"{rate * (r ?? q)!.DeliveriesPerMessage:#,0}"),
                r is null ? "–" : Invariant($"{Delivered(r, text):#,0}") + Mark(r, run.Settings),
                q is null ? "–" : Invariant($"{Delivered(q, text):#,0}") + Mark(q, run.Settings),
                Ratio(r is null ? null : Delivered(r, text), q is null ? null : Delivered(q, text)),
                r is null ? "–" : Ms(r.Delivery.P99),
                q is null ? "–" : Ms(q.Delivery.P99),
                Ratio(r?.Delivery.P99, q?.Delivery.P99),
                rCpu is { } a ? Invariant($"{a:0.0}") : "–",
                qCpu is { } b ? Invariant($"{b:0.0}") : "–",
                Ratio(rCpu, qCpu));
        }

        return table.ToString() + "\n(* = saturated at that level; see the notes.)\n";
    }

    private static string DetailTable(TrafficRun run)
    {
        var table = new MarkdownTable("server", "offered msg/s", "acked/s", "delivered/s", "ack p50", "ack p99", "ack p99.9", "ack max",
            "delivery p50", "delivery p99", "delivery p99.9", "delivery max", "receiver acks/s", "server CPU", "µs/msg", "µs/delivery", "server KB alloc/msg", "generator CPU", "missing", "load avg");
        foreach (var peer in run.Peers)
        {
            foreach (var l in peer.Levels)
            {
                table.Row(
                    Invariant($"{peer.Peer} ({peer.Storage}, {peer.Connections:#,0} conn.)"),
                    Invariant($"{l.OfferedRate:#,0}"),
                    Invariant($"{l.AckedPerSecond:#,0}"),
                    Invariant($"{l.DeliveredPerSecond:#,0}"),
                    Ms(l.Ack.P50), Ms(l.Ack.P99), Ms(l.Ack.P999), Ms(l.Ack.Max),
                    Ms(l.Delivery.P50), Ms(l.Delivery.P99), Ms(l.Delivery.P999), Ms(l.Delivery.Max),
                    Invariant($"{l.ReceiverAcksPerSecond:#,0}"),
                    Invariant($"{l.ServerCpuPercent:0}%"),
                    Invariant($"{l.MicrosecondsPerMessage:#,0.0}"),
                    Invariant($"{l.MicrosecondsPerDelivery:#,0.0}"),
                    double.IsNaN(l.KilobytesAllocatedPerMessage) ? "–" : Invariant($"{l.KilobytesAllocatedPerMessage:0.00}"),
                    Invariant($"{l.GeneratorCpuPercent:0}%"),
                    Invariant($"{l.Missing:#,0}"),
                    Invariant($"{l.LoadAverage:0.0}"));
            }
        }

        return table.ToString();
    }

    private static double Offered(TrafficLevel level, TrafficReportText text) => text.PerDelivery ? level.OfferedRate * level.DeliveriesPerMessage : level.OfferedRate;

    private static double Delivered(TrafficLevel level, TrafficReportText text) => text.PerDelivery ? level.DeliveredPerSecond : level.MessagesPerSecond;

    private static double PerUnit(TrafficLevel level, TrafficReportText text) => text.PerDelivery ? level.MicrosecondsPerDelivery : level.MicrosecondsPerMessage;

    private static string OfferedLabel(TrafficReportText text) => text.PerDelivery ? "offered deliveries per second" : "offered messages per second";

    private static string Mark(TrafficLevel level, TrafficSettings settings) => level.Saturation(settings.SaturationP99) is null ? "" : " *";

    private static string Ms(long microseconds) => microseconds < 10_000
        ? Invariant($"{microseconds / 1000.0:0.00} ms")
        : Invariant($"{microseconds / 1000.0:#,0} ms");

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? Invariant($"{x / y:0.00}") : "–";
}
