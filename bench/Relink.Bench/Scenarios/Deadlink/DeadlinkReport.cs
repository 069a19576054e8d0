using System.Text;
using Relink.Bench.Reporting;
using static System.FormattableString;

namespace Relink.Bench.Scenarios.Deadlink;

/// <summary>Turns a dead-link run into the Markdown section of docs/benchmarks.md.</summary>
internal static class DeadlinkReport
{
    /// <summary>The generated Markdown: settings, the comparison per setting and end, notes.</summary>
    public static string Markdown(DeadlinkRun run)
    {
        var text = new StringBuilder();
        text.AppendLine(RunHeader.Markdown(run.Started, run.Duration, run.CommandLine, run.Machine, run.LoadAverageAtEnd));
        text.AppendLine();
        text.AppendLine(Invariant($"{run.Settings.Connections} logged-in connections per server, all through the fault proxy (tests/Relink.Testing's `TcpFaultProxy`), logged in one after another over one heartbeat interval (so the connections' heartbeats are in every phase, not in step), one more interval to settle, then the proxy black-holes both directions: ") +
            "both sockets stay open, no FIN, no RST, nothing passes. Client: the Relink SDK (noticed = its state leaves Connected; interval and timeout come from the server) and the real SignalR .NET client, `HubConnection` (noticed = its `Closed` event: nothing from the server for the server timeout closes the connection; it pings every keep-alive interval). " +
            "Server: its own /healthz connection count, polled every 50 ms (SignalR's is kept by the hub's `OnDisconnectedAsync`). Seconds from the black hole; min / median / max over the connections.");
        text.AppendLine();
        foreach (var setting in run.Results.Select(r => r.Setting).Distinct())
        {
            var p = setting.Plan;
            text.AppendLine(Invariant($"- **{setting.Name}**: Relink `--heartbeat-interval {p.Interval.TotalSeconds:0.#}s --heartbeat-timeout {p.RelinkTimeout.TotalSeconds:0.#}s`; ") +
                Invariant($"SignalR `KeepAliveInterval` {p.Interval.TotalSeconds:0.#} s, `ClientTimeoutInterval` {p.SignalRClientTimeout.TotalSeconds:0.#} s, client keep-alive {p.Interval.TotalSeconds:0.#} s and server timeout {setting.SignalRServerTimeout.TotalSeconds:0.#} s."));
        }

        text.AppendLine();
        var table = new MarkdownTable("setting", "end", "Relink min", "Relink median", "Relink max", "SignalR min", "SignalR median", "SignalR max", "Relink ÷ SignalR (median)", "noticed Relink / SignalR");
        foreach (var setting in run.Results.Select(r => r.Setting).Distinct())
        {
            var relink = run.Results.FirstOrDefault(r => r.Setting == setting && r.Peer == "Relink");
            var signalR = run.Results.FirstOrDefault(r => r.Setting == setting && r.Peer == "SignalR");
            foreach (var (end, pick) in new (string, Func<DeadlinkResult, double[]>)[] { ("client", r => r.ClientNoticed), ("server", r => r.ServerNoticed) })
            {
                double[] a = relink is null ? [] : pick(relink);
                double[] b = signalR is null ? [] : pick(signalR);
                table.Row(setting.Name, end,
                    Seconds(a, 0), Seconds(a, 0.5), Seconds(a, 1),
                    Seconds(b, 0), Seconds(b, 0.5), Seconds(b, 1),
                    a.Length > 0 && b.Length > 0 ? Invariant($"{Quantile(a, 0.5) / Quantile(b, 0.5):0.00}") : "–",
                    Invariant($"{a.Length}/{relink?.Connections ?? 0} / {b.Length}/{signalR?.Connections ?? 0}"));
            }
        }

        text.Append(table.ToString());
        foreach (var result in run.Results.Where(r => r.Note is not null))
        {
            text.AppendLine();
            text.AppendLine(Invariant($"Note: {result.Peer}, {result.Setting.Name}: {result.Note}."));
        }

        return text.ToString();
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];

    private static string Seconds(double[] sorted, double q) => sorted.Length == 0 ? "–" : Invariant($"{Quantile(sorted, q):0.00} s");
}
