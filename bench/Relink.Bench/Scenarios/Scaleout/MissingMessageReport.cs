using System.Diagnostics;
using System.Globalization;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// The account of the acknowledged messages that had not arrived by a phase's drain deadline (the first
/// <see cref="MaxExplained"/>): each one's path (sender, recipient, sent, acknowledged, the recipient's drop and
/// return, its late arrival or none) relative to the phase's event, and what the product's store says of it; to the
/// log and to a file in <see cref="ScaleoutDiagnostics.Folder"/>, with the nodes' output beside it.
/// </summary>
internal static class MissingMessageReport
{
    /// <summary>Messages explained at most: more would bury the log, and the first ones say what kind of miss it is.</summary>
    public const int MaxExplained = 20;

    /// <summary>Writes the account; nothing when every acknowledged message arrived by <paramref name="onTimeUntil"/>.</summary>
    /// <param name="phase">The phase's name in the file's: "kill", "bus".</param>
    /// <param name="mark">The phase's event that times are relative to.</param>
    public static async Task WriteAsync(IScaleoutCluster cluster, ScaleoutRecorder recorder, string phase, PhaseMark mark, long onTimeUntil, TextWriter log, CancellationToken cancellationToken)
    {
        var missing = recorder.MissedDeadline(onTimeUntil, MaxExplained);
        if (missing.Count == 0)
        {
            return;
        }

        var lines = new List<string>
        {
            Invariant($"{cluster.Name}, {phase} phase: acknowledged messages not received by the drain deadline ({Gap(mark.At, onTimeUntil)} after {mark.Event}), the first {missing.Count}; times relative to {mark.Event}:"),
        };
        foreach (var message in missing)
        {
            lines.Add(Describe(message, mark, onTimeUntil));
            if (await cluster.DescribeStoredAsync(message.Text, ScaleoutUsers.Load(message.Recipient), mark.UnixMs, cancellationToken) is { } stored)
            {
                lines.Add("    " + stored);
            }
        }

        string file = Path.Combine(ScaleoutDiagnostics.Folder, $"scaleout-{cluster.Product}-{phase}-missing.txt");
        await File.WriteAllLinesAsync(file, lines, cancellationToken);
        foreach (string line in lines)
        {
            log.WriteLine("  " + line);
        }

        log.WriteLine($"  missing messages: {file}");
        await ScaleoutDiagnostics.WriteNodeOutputsAsync(cluster, log, cancellationToken);
    }

    /// <summary>One message's path, times relative to <paramref name="mark"/>: late (and by how much, after what) or lost.</summary>
    public static string Describe(MissingMessage m, PhaseMark mark, long onTimeUntil)
    {
        string recipient = ScaleoutUsers.Load(m.Recipient);
        string link = m.RecipientDroppedAt == 0
            ? $"{recipient} kept its link"
            : Invariant($"{recipient} dropped {Seconds(mark, m.RecipientDroppedAt)}, ") + (m.RecipientBackAt == 0
                ? "never back"
                : Invariant($"back {Seconds(mark, m.RecipientBackAt)} ({(m.LoggedInAgain ? "logged in again" : "resumed")})"));
        string arrival = m.ReceivedAt == 0
            ? "never arrived: lost"
            : Invariant($"arrived {Seconds(mark, m.ReceivedAt)}: late, {Gap(onTimeUntil, m.ReceivedAt)} after the drain deadline, {Gap(m.AcknowledgedAt, m.ReceivedAt)} after its acknowledgement") +
                (m.RecipientBackAt != 0 ? Invariant($", {Gap(m.RecipientBackAt, m.ReceivedAt)} after {recipient} was back") : "");
        return Invariant($"{m.Text} from {ScaleoutUsers.Sender(m.Sender)} to {recipient}: sent {Seconds(mark, m.SentAt)}, acknowledged {Seconds(mark, m.AcknowledgedAt)}; {link}; {arrival}");
    }

    private static string Seconds(PhaseMark mark, long at) => Invariant($"{Stopwatch.GetElapsedTime(mark.At, at).TotalSeconds:+0.00;-0.00} s");

    private static string Gap(long from, long to) => Invariant($"{Stopwatch.GetElapsedTime(from, to).TotalSeconds:0.00} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The event a phase's times are told relative to, on both clocks.</summary>
/// <param name="Event">What it is, for the account: "the kill", "the bus kill".</param>
/// <param name="At">Its <see cref="Stopwatch.GetTimestamp"/>.</param>
/// <param name="UnixMs">Its wall-clock time in Unix milliseconds, for the servers' own times.</param>
internal readonly record struct PhaseMark(string Event, long At, long UnixMs)
{
    /// <summary>Marks <paramref name="event"/> as happening now.</summary>
    public static PhaseMark Now(string @event) => new(@event, Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}
