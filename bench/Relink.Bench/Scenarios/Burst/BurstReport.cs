using System.Text;
using static System.FormattableString;

namespace Relink.Bench.Scenarios.Burst;

/// <summary>The burst's section of the report: one row per peer, and Relink against SignalR when both ran.</summary>
internal static class BurstReport
{
    /// <summary>The issue's target for one client's burst, stored and acknowledged.</summary>
    private const double TargetPerSecond = 20_000;

    /// <summary>A line for the console as each peer finishes.</summary>
    public static string Line(BurstResult r) =>
        Invariant($"{r.Peer}: {r.Acked:N0} acked in {r.AckedIn.TotalSeconds:0.00} s ({r.AckedPerSecond:N0} msg/s), {r.Delivered:N0} delivered in {r.DeliveredIn.TotalSeconds:0.00} s, server CPU {r.CpuPerMessageMicroseconds:0.0} µs/msg, out of order {r.OutOfOrder}, duplicated {r.Duplicated}, load {r.LoadAverage:0.0}");

    public static string Markdown(BurstSettings settings, string header, IReadOnlyList<BurstResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine(header);
        md.AppendLine();
        md.AppendLine(Invariant($"One client sends {settings.Messages:N0} messages to one online friend as fast as it can, with up to {settings.InFlight} sends on the wire (Relink: the SDK's `MaxSendsInFlight`, outbox {settings.Outbox:N0}; SignalR: pending `InvokeAsync` calls of the real client). ") +
            "Relink stores each message in SQLite (`synchronous=FULL`, batched commits) before its acknowledgement, with the per-connection send budget off; SignalR stores nothing: its acknowledgement is the completed hub invocation. " +
            "Rates run from the first send to the last acknowledgement; CPU is the server process's user + system time from the first send to the last delivery. The peers run one after the other, each on an otherwise idle server.");
        md.AppendLine();
        md.AppendLine("| server | acked | msg/s (acked) | delivered in | server CPU per message | out of order | duplicated | load at end |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(Invariant($"| {r.Peer} | {r.Acked:N0} | {r.AckedPerSecond:N0} | {r.DeliveredIn.TotalSeconds:0.00} s | {r.CpuPerMessageMicroseconds:0.0} µs | {r.OutOfOrder} | {r.Duplicated} | {r.LoadAverage:0.0} |"));
        }

        if (results.FirstOrDefault(r => r.Peer == "Relink") is { } relink)
        {
            md.AppendLine();
            md.Append(Invariant($"Relink {(relink.AckedPerSecond >= TargetPerSecond ? "met" : "missed")} the target of {TargetPerSecond:N0} msg/s stored and acknowledged ({relink.AckedPerSecond:N0})."));
            if (results.FirstOrDefault(r => r.Peer == "SignalR") is { } signalR)
            {
                md.Append(Invariant($" Against SignalR in the same run: {relink.AckedPerSecond / signalR.AckedPerSecond:0.00}× its rate, {relink.CpuPerMessageMicroseconds / signalR.CpuPerMessageMicroseconds:0.00}× its server CPU per message."));
            }

            md.AppendLine();
        }

        return md.ToString();
    }
}
