using System.Text;
using Relink.Bench.Reporting;
using static System.FormattableString;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>Turns a storm run into the Markdown section of docs/benchmarks.md and its two charts.</summary>
internal static class StormReport
{
    /// <summary>Width of the chart buckets, in seconds.</summary>
    private const double Bucket = 0.5;

    private static readonly Dictionary<string, string> Colors = new(StringComparer.Ordinal)
    {
        ["Relink"] = "#1f6fb4",
        ["SignalR"] = "#c8302c",
    };

    /// <summary>The generated Markdown: settings, the comparison, the messages, the charts, notes.</summary>
    public static string Markdown(StormRun run, string attemptsChart, string backChart)
    {
        var text = new StringBuilder();
        text.AppendLine(RunHeader.Markdown(run.Started, run.Duration, run.CommandLine, run.Machine, run.LoadAverageAtEnd));
        text.AppendLine();
        text.AppendLine(Invariant($"{run.Settings.Clients:#,0} logged-in clients per server, each with a partner (the next client, round the ring; friends on Relink). ") +
            "Every client sends its partner one message and the server is killed with SIGKILL at once, while that burst is in flight, then started again on the same ports (Relink: the same data, in SQLite or, for relink-postgres, in a PostgreSQL that is not killed); restart = from the kill until the new process accepts connections. " +
            "Each client sends its partner one more message as soon as it is back. Relink clients: the SDK's `RelinkClient` with its default reconnect policy (exponential backoff from 1 s, full jitter, 30 s cap); back = session resumed. " +
            "SignalR clients: the real .NET client (`HubConnection`) with `WithAutomaticReconnect()` (retry after 0, 2, 10, 30 s, then give up) and stateful reconnect, and `Login` again after each reconnect (groups belong to the connection); back = logged in again. " +
            Invariant($"The run watches until every client is back or gave up and every message arrived (or 3 s pass without a delivery), at most {run.Settings.Deadline.TotalSeconds:0} s after the restart."));
        text.AppendLine();
        text.Append(ComparisonTable(run));
        text.AppendLine();
        text.AppendLine("What became of the messages, one per client and kind. Acked = the server acknowledged it to the sender; failed = the sender was told the send failed (SignalR: the invocation died with the connection; the Relink SDK keeps an unacknowledged message in its outbox and sends it again after the resume). " +
            "Acked but not delivered by the end: on Relink the message is stored and waits for its addressee (one that gave up, below) to log in again; on SignalR it is gone, the hub sent it to an empty group.");
        text.AppendLine();
        text.Append(MessageTable(run));
        text.AppendLine();
        text.AppendLine(Invariant($"![Reconnect attempts per second after the kill]({attemptsChart})"));
        text.AppendLine();
        text.AppendLine(Invariant($"![Clients back after the kill]({backChart})"));
        text.AppendLine();
        text.AppendLine("What SignalR cannot do at all, whatever the numbers: it keeps no history, so a message addressed to a user who is not connected at that moment is gone (here: every post-restart message whose partner was not back yet, though the hub acknowledged it), and nothing is recovered after a restart; its stateful reconnect (`AllowStatefulReconnects`, on in this hub) buffers unacknowledged messages in the server process's memory, so it cannot survive a killed process or resume on another one.");
        foreach (var peer in run.Peers)
        {
            foreach (var (reason, clients) in peer.GaveUpReasons)
            {
                text.AppendLine();
                text.AppendLine(Invariant($"{peer.Peer}: {clients:#,0} clients gave up: {reason}."));
            }

            if (peer.Note is not null)
            {
                text.AppendLine();
                text.AppendLine(Invariant($"Note: {peer.Peer} {peer.Note}."));
            }
        }

        return text.ToString();
    }

    /// <summary>Reconnect attempts per second against seconds after the kill, one line per server.</summary>
    public static string AttemptsChart(StormRun run) => SvgLineChart.Render(
        "Reconnect attempts after kill -9 (per second)", "seconds after the kill", "attempts per second",
        [.. run.Peers.Select(p => new ChartSeries(p.Peer, Colors.GetValueOrDefault(p.Peer, "#555555"), Dashed: false, Rate(p.Attempts, p.Waited.TotalSeconds)))]);

    /// <summary>Clients back (connected and logged in again) against seconds after the kill, one line per server.</summary>
    public static string BackChart(StormRun run) => SvgLineChart.Render(
        "Clients back after kill -9", "seconds after the kill", "clients back (% of all)",
        [.. run.Peers.Select(p => new ChartSeries(p.Peer, Colors.GetValueOrDefault(p.Peer, "#555555"), Dashed: false, Cumulative(p.Back, p.Clients, p.Waited.TotalSeconds)))]);

    private static (double X, double Y)[] Rate(double[] times, double until)
    {
        int buckets = (int)Math.Ceiling(until / Bucket);
        var counts = new int[buckets + 1];
        foreach (double t in times.Where(t => t >= 0))
        {
            counts[Math.Min(buckets, (int)(t / Bucket))]++;
        }

        return [.. counts.Select((c, i) => (i * Bucket, c / Bucket))];
    }

    private static (double X, double Y)[] Cumulative(double[] sortedTimes, int total, double until)
    {
        int buckets = (int)Math.Ceiling(until / Bucket);
        return [.. Enumerable.Range(0, buckets + 1).Select(i => (i * Bucket, 100.0 * sortedTimes.Count(t => t <= i * Bucket) / total))];
    }

    private static string ComparisonTable(StormRun run)
    {
        var table = new MarkdownTable("server", "clients", "restart (kill → accepting)", "all back after the kill", "all back after the restart", "half back after the kill",
            "back", "of which by a new login", "gave up", "attempts", "attempts per client", "peak attempts/s", "logged in at the end (server's count)", "setup");
        foreach (var p in run.Peers)
        {
            table.Row(
                p.Peer,
                Invariant($"{p.Clients:#,0}"),
                Seconds(p.Restart.TotalSeconds),
                p.AllBackAfterKill is { } k ? Seconds(k) : "never",
                p.AllBackAfterRestart is { } r ? Seconds(r) : "never",
                p.MedianBackAfterKill is { } m ? Seconds(m) : "–",
                Invariant($"{p.Back.Length:#,0}"),
                Invariant($"{p.LoggedInAgain:#,0}"),
                Invariant($"{p.GaveUp:#,0}"),
                Invariant($"{p.Attempts.Length:#,0}"),
                Invariant($"{(double)p.Attempts.Length / p.Clients:0.00}"),
                Invariant($"{(p.Attempts.Length == 0 ? 0 : Rate(p.Attempts, p.Waited.TotalSeconds).Max(x => x.Y)):#,0}"),
                Invariant($"{p.OnlineAtEnd:#,0}"),
                Seconds(p.Setup.TotalSeconds));
        }

        return table.ToString();
    }

    private static string MessageTable(StormRun run)
    {
        var table = new MarkdownTable("server", "message", "sent", "acknowledged", "failed at the sender", "delivered exactly once", "duplicated", "acked, not delivered by the end", "not delivered by the end");
        foreach (var p in run.Peers)
        {
            foreach (var (name, tally) in new[] { ("before the kill", p.BeforeKill), ("after coming back", p.AfterReturn) })
            {
                table.Row(p.Peer, name, Count(tally.Sent), Count(tally.Acked), Count(tally.Failed), Count(tally.DeliveredOnce), Count(tally.Duplicated), Count(tally.LostAfterAck), Count(tally.NeverDelivered));
            }
        }

        return table.ToString();
    }

    private static string Count(int n) => Invariant($"{n:#,0}");

    private static string Seconds(double s) => Invariant($"{s:0.0} s");
}
