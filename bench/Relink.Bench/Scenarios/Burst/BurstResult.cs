namespace Relink.Bench.Scenarios.Burst;

/// <summary>One peer's burst: how long until the last acknowledgement and the last delivery, and what the server spent.</summary>
/// <param name="Peer">"Relink" or "SignalR".</param>
/// <param name="Messages">Sent.</param>
/// <param name="Acked">Acknowledged (Relink: stored; SignalR: the hub invocation completed).</param>
/// <param name="Delivered">Received by the online receiver, each counted once.</param>
/// <param name="OutOfOrder">Received after a message sent later.</param>
/// <param name="Duplicated">Received more than once.</param>
/// <param name="AckedIn">From the first send to the last acknowledgement.</param>
/// <param name="DeliveredIn">From the first send to the last delivery.</param>
/// <param name="ServerCpu">The server process's user + system CPU time over the burst (to the last delivery).</param>
/// <param name="LoadAverage">The machine's 1-minute load average when the burst ended.</param>
internal sealed record BurstResult(
    string Peer,
    int Messages,
    int Acked,
    int Delivered,
    int OutOfOrder,
    int Duplicated,
    TimeSpan AckedIn,
    TimeSpan DeliveredIn,
    TimeSpan ServerCpu,
    double LoadAverage)
{
    /// <summary>Acknowledged messages per second of the burst.</summary>
    public double AckedPerSecond => Acked / AckedIn.TotalSeconds;

    /// <summary>Server CPU time per message, in microseconds.</summary>
    public double CpuPerMessageMicroseconds => ServerCpu.TotalMicroseconds / Messages;
}
