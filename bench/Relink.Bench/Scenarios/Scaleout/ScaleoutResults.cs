using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>One node while the load ran: its share of the clients, its memory, its CPU.</summary>
/// <param name="Node">Its number.</param>
/// <param name="Connections">Connections it held (its /healthz).</param>
/// <param name="ResidentMegabytes">Resident memory after the load window.</param>
/// <param name="CpuPercent">CPU time over the window ÷ the window (100 = one core).</param>
internal sealed record NodeCost(int Node, int Connections, double ResidentMegabytes, double CpuPercent);

/// <summary>The node kill: who dropped, how fast they came back, what their messages became.</summary>
/// <param name="Dropped">Load clients whose link dropped (those on the killed node).</param>
/// <param name="Back">Of those, back and logged in before the deadline.</param>
/// <param name="LoggedInAgain">Of those back, how many with a new login (resume refused) rather than resumed.</param>
/// <param name="BackSeconds">Seconds from the kill until each came back, ascending.</param>
/// <param name="DropSeconds">Seconds from the kill until each noticed its link was gone, ascending.</param>
/// <param name="RejoinSeconds">Seconds from each one's own drop until it was back, ascending.</param>
/// <param name="Messages">The phase's load messages.</param>
internal sealed record NodeKillResult(int Dropped, int Back, int LoggedInAgain, double[] BackSeconds, double[] DropSeconds, double[] RejoinSeconds, MessageTally Messages);

/// <summary>The bus restart: what the messages became, and when the outage's messages had all arrived.</summary>
/// <param name="Messages">The phase's load messages.</param>
/// <param name="CaughtUpSeconds">Seconds from the bus's return until the last message sent before it arrived (0: all had arrived by then).</param>
internal sealed record BusRestartResult(MessageTally Messages, double CaughtUpSeconds);

/// <summary>
/// One product's run. <c>LateWindow</c>: how long after the drain deadline a missing message was still waited for
/// (late, not lost); zero: not at all, the product's client fetches nothing on its own.
/// </summary>
internal sealed record ScaleoutResult(
    string Peer,
    string Setup,
    string Bus,
    NodeCost[] Costs,
    LatencySummary SameNode,
    LatencySummary CrossNode,
    NodeKillResult Kill,
    BusRestartResult BusRestart,
    long SkippedSends,
    (int Count, string? Reason) GaveUp,
    TimeSpan LateWindow);

/// <summary>A whole scale-out run.</summary>
internal sealed record ScaleoutRun(ScaleoutSettings Settings, string CommandLine, MachineInfo Machine, DateTimeOffset Started, TimeSpan Duration, double LoadAverageAtEnd, IReadOnlyList<ScaleoutResult> Results);
