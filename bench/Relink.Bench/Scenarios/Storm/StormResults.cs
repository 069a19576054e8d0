using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>One server's storm: the kill, the restart, when its clients came back and what became of the messages.</summary>
/// <param name="Peer">"Relink" or "SignalR".</param>
/// <param name="Clients">Clients logged in before the kill.</param>
/// <param name="Setup">Time to log every client in (and make partners friends).</param>
/// <param name="Restart">From the kill until the new process accepted connections on the clients' port.</param>
/// <param name="Attempts">Reconnect attempts, in seconds after the kill.</param>
/// <param name="Back">When each client that came back did, in seconds after the kill, ascending.</param>
/// <param name="LoggedInAgain">Clients back by a new login rather than a resume of their session.</param>
/// <param name="GaveUpReasons">Why clients stopped trying, with how many for each reason.</param>
/// <param name="BeforeKill">The messages sent moments before the kill.</param>
/// <param name="AfterReturn">The messages sent by each client as soon as it was back.</param>
/// <param name="OnlineAtEnd">Logged-in connections the server itself reported at the end.</param>
/// <param name="Waited">From the kill until the run stopped watching (all settled, or the deadline).</param>
/// <param name="Note">Why the run stopped early, if it did.</param>
internal sealed record StormPeerResult(
    string Peer,
    int Clients,
    TimeSpan Setup,
    TimeSpan Restart,
    double[] Attempts,
    double[] Back,
    int LoggedInAgain,
    IReadOnlyList<(string Reason, int Clients)> GaveUpReasons,
    MessageTally BeforeKill,
    MessageTally AfterReturn,
    int OnlineAtEnd,
    TimeSpan Waited,
    string? Note)
{
    /// <summary>Clients that stopped trying.</summary>
    public int GaveUp => GaveUpReasons.Sum(r => r.Clients);

    /// <summary>Whether every client came back.</summary>
    public bool AllBack => Back.Length == Clients;

    /// <summary>Seconds after the kill when the last client came back, or null when some never did.</summary>
    public double? AllBackAfterKill => AllBack && Back.Length > 0 ? Back[^1] : null;

    /// <summary>Seconds after the server answered again when the last client came back.</summary>
    public double? AllBackAfterRestart => AllBackAfterKill - Restart.TotalSeconds;

    /// <summary>Seconds after the kill when half the clients were back.</summary>
    public double? MedianBackAfterKill => Back.Length > Clients / 2 ? Back[Clients / 2] : null;
}

/// <summary>A whole storm run: settings, machine, every server's result.</summary>
internal sealed record StormRun(StormSettings Settings, string CommandLine, MachineInfo Machine, DateTimeOffset Started, TimeSpan Duration, double LoadAverageAtEnd, IReadOnlyList<StormPeerResult> Peers);
