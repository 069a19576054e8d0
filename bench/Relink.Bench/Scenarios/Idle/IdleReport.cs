using System.Text;
using Relink.Bench.Reporting;
using static System.FormattableString;

namespace Relink.Bench.Scenarios.Idle;

/// <summary>Turns an idle run into the Markdown section of docs/benchmarks.md and its memory chart.</summary>
internal static class IdleReport
{
    /// <summary>The generated Markdown: settings, the comparison per connection count, chat latency, raw readings, notes.</summary>
    /// <param name="run">The measurements.</param>
    /// <param name="chartLink">The memory chart, relative to the report.</param>
    /// <param name="latencyChartLink">The probe's latency chart, relative to the report; null when nothing was probed.</param>
    public static string Markdown(IdleRun run, string chartLink, string? latencyChartLink)
    {
        var s = run.Settings;
        var text = new StringBuilder();
        text.AppendLine(RunHeader.Markdown(run.Started, run.Duration, run.CommandLine, run.Machine, run.LoadAverageAtEnd));
        text.AppendLine();
        text.AppendLine(Invariant($"Heartbeat: a client ping every {s.Heartbeat.Interval.TotalSeconds:0.#} s on both servers (Relink dead-link timeout {s.Heartbeat.RelinkTimeout.TotalSeconds:0.#} s; SignalR `KeepAliveInterval` {s.Heartbeat.Interval.TotalSeconds:0.#} s, `ClientTimeoutInterval` {s.Heartbeat.SignalRClientTimeout.TotalSeconds:0.#} s). ") +
            Invariant($"Each point: all connections logged in, {s.Settle.TotalSeconds:0.#} s settle, a {s.Window.TotalSeconds:0.#} s steady window for CPU, then `/debug/memory` (forced full compacting GC). ") +
            Invariant($"Baseline: the same with 0 connections, after a warm-up of {s.Warmup} connections.") +
            (s.ServerEnvironment.Count == 0 ? " Both servers run as built: Server GC (ASP.NET Core's default, with DATAS)." : $" Both servers run with {string.Join(", ", s.ServerEnvironment.Select(e => $"`{e.Key}={e.Value}`"))}."));
        text.AppendLine();
        text.AppendLine("Per connection, above the 0-connection baseline, after a forced full GC (1 KiB = 1024 bytes). CPU is the server process's, in % of one core over the window; µs/ping is its CPU above the idle baseline divided by the client pings in the window.");
        text.AppendLine();
        text.Append(ComparisonTable(run));
        text.AppendLine();
        text.AppendLine(Invariant($"![Memory per idle connection vs connection count]({chartLink})"));
        text.AppendLine();
        if (latencyChartLink is not null)
        {
            text.AppendLine(Invariant($"Chat latency next to the idle connections: after each point's readings, one more pair of friends on their own connections (the traffic scenarios' clients; on Relink a new pair each time, whose send budget starts with its full burst) sends {s.ProbeMessages} 1:1 messages at {s.ProbeRate:0.#} msg/s, open loop; latency is from each message's intended send time to its delivery. The pair is closed before the next point."));
            text.AppendLine();
            text.Append(ProbeTable(run));
            text.AppendLine();
            text.AppendLine(Invariant($"![Chat delivery latency vs idle connection count]({latencyChartLink})"));
            text.AppendLine();
        }

        text.AppendLine("Where each server's memory per connection is (from /proc/PID/smaps after the forced GC): GC regions = resident pages of the GC's heap regions (live objects plus what the GC keeps committed); native = other anonymous memory (thread stacks, malloc, runtime heaps, SQLite's page cache). Marginal = the increase from the previous step divided by the connections added. As found = RSS before the forced GC.");
        text.AppendLine();
        text.Append(BreakdownTable(run));
        text.AppendLine();
        text.AppendLine("Raw readings (generator = the load generator's own RSS per connection, for scale):");
        text.AppendLine();
        text.Append(RawTable(run));
        foreach (var peer in run.Peers.Where(p => p.Note is not null))
        {
            text.AppendLine();
            text.AppendLine(Invariant($"Note: {peer.Peer} {peer.Note}."));
        }

        return text.ToString();
    }

    /// <summary>Memory per connection against connection count: RSS solid, GC heap dashed, one colour per server.</summary>
    public static string Chart(IdleRun run)
    {
        var series = new List<ChartSeries>();
        foreach (var peer in run.Peers.Where(p => p.Baseline is not null && p.Steps.Count > 0))
        {
            string color = RunHeader.ColorOf(peer.Peer);
            series.Add(new ChartSeries($"{peer.Peer} RSS", color, Dashed: false, [.. peer.Steps.Select(st => ((double)st.Connections, peer.ResidentPerConnection(st) / 1024))]));
            series.Add(new ChartSeries($"{peer.Peer} GC heap", color, Dashed: true, [.. peer.Steps.Select(st => ((double)st.Connections, peer.HeapPerConnection(st) / 1024))]));
        }

        if (run.Peers.FirstOrDefault(p => p.Peer == "SignalR" && p.Baseline is not null && p.Steps.Count > 0) is { } signalR)
        {
            series.Add(new ChartSeries("target: ¼ of SignalR RSS", "#999999", Dashed: true,
                [.. signalR.Steps.Select(st => ((double)st.Connections, signalR.ResidentPerConnection(st) / 4 / 1024))]));
        }

        return SvgLineChart.Render("Memory per idle logged-in connection", "connections", "KiB per connection (after forced GC)", series);
    }

    /// <summary>The probe's p50 (solid) and p99 (dashed) delivery latency against connection count, one colour per server.</summary>
    public static string LatencyChart(IdleRun run)
    {
        var series = new List<ChartSeries>();
        foreach (var peer in run.Peers)
        {
            var probed = peer.Steps.Where(st => st.Probe is { Delivery.Count: > 0 }).ToList();
            if (probed.Count == 0)
            {
                continue;
            }

            string color = RunHeader.ColorOf(peer.Peer);
            series.Add(new ChartSeries($"{peer.Peer} p50", color, Dashed: false, [.. probed.Select(st => ((double)st.Connections, st.Probe!.Delivery.P50 / 1000.0))]));
            series.Add(new ChartSeries($"{peer.Peer} p99", color, Dashed: true, [.. probed.Select(st => ((double)st.Connections, st.Probe!.Delivery.P99 / 1000.0))]));
        }

        return SvgLineChart.Render("1:1 chat delivery latency next to idle connections", "idle connections", "ms, intended send → delivered", series);
    }

    /// <summary>Whether any step of <paramref name="run"/> was probed.</summary>
    public static bool HasProbes(IdleRun run) => run.Peers.Any(p => p.Steps.Any(st => st.Probe is not null));

    private static string ProbeTable(IdleRun run)
    {
        var table = new MarkdownTable("server", "connections", "delivered", "p50", "p99", "max", "errors");
        foreach (var peer in run.Peers)
        {
            foreach (var step in peer.Steps.Where(st => st.Probe is not null))
            {
                var probe = step.Probe!;
                table.Row(
                    peer.Peer,
                    Invariant($"{step.Connections:#,0}"),
                    Invariant($"{probe.Delivered:#,0} / {probe.Sent:#,0}"),
                    Milliseconds(probe.Delivery.P50),
                    Milliseconds(probe.Delivery.P99),
                    Milliseconds(probe.Delivery.Max),
                    Invariant($"{probe.Errors + probe.Dropped:#,0}"));
            }
        }

        return table.ToString();
    }

    private static string ComparisonTable(IdleRun run)
    {
        var relink = run.Peers.FirstOrDefault(p => p.Peer == "Relink" && p.Baseline is not null);
        var signalR = run.Peers.FirstOrDefault(p => p.Peer == "SignalR" && p.Baseline is not null);
        var table = new MarkdownTable("connections", "RSS Relink", "RSS SignalR", "Relink ÷ SignalR", "GC heap Relink", "GC heap SignalR", "Relink ÷ SignalR",
            "CPU Relink", "CPU SignalR", "µs/ping Relink", "µs/ping SignalR");
        foreach (int count in run.Settings.Counts)
        {
            var r = relink?.Steps.FirstOrDefault(st => st.Connections == count);
            var q = signalR?.Steps.FirstOrDefault(st => st.Connections == count);
            if (r is null && q is null)
            {
                continue;
            }

            double? rRss = r is null ? null : relink!.ResidentPerConnection(r);
            double? qRss = q is null ? null : signalR!.ResidentPerConnection(q);
            double? rHeap = r is null ? null : relink!.HeapPerConnection(r);
            double? qHeap = q is null ? null : signalR!.HeapPerConnection(q);
            table.Row(
                Invariant($"{count:#,0}"),
                Kib(rRss), Kib(qRss), Ratio(rRss, qRss),
                Kib(rHeap), Kib(qHeap), Ratio(rHeap, qHeap),
                r is null ? "–" : Invariant($"{IdlePeerResult.CpuPercent(r):0.0}%"),
                q is null ? "–" : Invariant($"{IdlePeerResult.CpuPercent(q):0.0}%"),
                r is null ? "–" : PerPing(relink!.MicrosecondsPerPing(r)),
                q is null ? "–" : PerPing(signalR!.MicrosecondsPerPing(q)));
        }

        return table.ToString();
    }

    // The CPU above the idle baseline is a difference of two noisy readings: at few connections it can come out at
    // or below zero, which means "too small to see here", not a negative cost.
    private static string PerPing(double micros) => double.IsNaN(micros) ? "–" : micros <= 0 ? "< noise" : Invariant($"{micros:0}");

    private static string BreakdownTable(IdleRun run)
    {
        var table = new MarkdownTable("server", "connections", "RSS", "GC regions", "live GC heap", "native", "RSS as found", "marginal RSS", "marginal GC heap");
        foreach (var peer in run.Peers.Where(p => p.Baseline is not null))
        {
            IdleStep previous = peer.Baseline!;
            foreach (var step in peer.Steps)
            {
                int added = step.Connections - previous.Connections;
                table.Row(
                    peer.Peer,
                    Invariant($"{step.Connections:#,0}"),
                    Kib(peer.ResidentPerConnection(step)),
                    Kib(peer.GcRegionsPerConnection(step)),
                    Kib(peer.HeapPerConnection(step)),
                    Kib(peer.NativePerConnection(step)),
                    Kib(peer.ResidentFoundPerConnection(step)),
                    Kib((double)(step.Memory.ResidentBytes - previous.Memory.ResidentBytes) / added),
                    Kib((double)(step.Memory.GcHeapBytes - previous.Memory.GcHeapBytes) / added));
                previous = step;
            }
        }

        return table.ToString();
    }

    private static string RawTable(IdleRun run)
    {
        var table = new MarkdownTable("server", "connections", "RSS", "GC regions", "native", "RSS as found", "GC heap", "CPU in window", "pings sent", "frames back", "login ramp", "generator/conn", "load avg");
        foreach (var peer in run.Peers)
        {
            foreach (var step in new[] { peer.Baseline }.Concat(peer.Steps).OfType<IdleStep>())
            {
                table.Row(
                    peer.Peer,
                    Invariant($"{step.Connections:#,0}"),
                    Mib(step.Memory.ResidentBytes),
                    Mib(step.Map.GcRegionsBytes),
                    Mib(step.Map.NativeBytes),
                    Mib(step.ResidentFoundBytes),
                    Mib(step.Memory.GcHeapBytes),
                    Invariant($"{step.ServerCpu.TotalSeconds:0.00} s / {step.Window.TotalSeconds:0.0} s"),
                    Invariant($"{step.Load.PingsSent:#,0}"),
                    Invariant($"{step.Load.FramesReceived:#,0}"),
                    step.Connections == 0 ? "–" : Invariant($"{step.Ramp.TotalSeconds:0.0} s"),
                    step.Connections == 0 ? "–" : Kib(peer.GeneratorPerConnection(step)),
                    Invariant($"{step.LoadAverage:0.0}"));
            }
        }

        return table.ToString();
    }

    private static string Kib(double? bytes) => bytes is { } b ? Invariant($"{b / 1024:0.0} KiB") : "–";

    private static string Milliseconds(long microseconds) => Invariant($"{microseconds / 1000.0:0.00} ms");

    private static string Mib(long bytes) => Invariant($"{bytes / 1048576.0:0.0} MiB");

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? Invariant($"{x / y:0.00}") : "–";
}
