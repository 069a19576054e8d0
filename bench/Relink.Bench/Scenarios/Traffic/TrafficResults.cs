using Relink.Bench.Load.Traffic;
using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>One load level on one server.</summary>
/// <param name="OfferedRate">Messages per second the pacer sent.</param>
/// <param name="DeliveriesPerMessage">Recipients of each message (1 for chat, the group's members for fan-out).</param>
/// <param name="Window">What the connections counted over the measuring window (by arrival).</param>
/// <param name="ServerCpu">Server CPU time (user + system, all threads) over the window.</param>
/// <param name="GeneratorCpu">The load generator's own CPU time over the window (it shares the 2 cores).</param>
/// <param name="Ack">Send → ack latency of messages intended in the window.</param>
/// <param name="Delivery">Send → recipient latency of messages intended in the window.</param>
/// <param name="Missing">Acks plus deliveries of the level still missing after the drain.</param>
/// <param name="Errors">Error answers to sends during the level.</param>
/// <param name="Dropped">Connections lost during the level.</param>
/// <param name="LoadAverage">Machine load average (1 min) at the end of the level.</param>
internal sealed record TrafficLevel(
    double OfferedRate,
    int DeliveriesPerMessage,
    TrafficCounts Window,
    TimeSpan ServerCpu,
    TimeSpan GeneratorCpu,
    LatencySummary Ack,
    LatencySummary Delivery,
    long Missing,
    long Errors,
    long Dropped,
    double LoadAverage)
{
    /// <summary>
    /// Managed bytes the server allocated over the window (its /debug/allocated read at both edges; the read itself
    /// allocates a few KB), or null for a server with no such count.
    /// </summary>
    public long? ServerAllocatedBytes { get; init; }

    /// <summary>Server allocation per message sent, in KB (1,024 bytes); NaN when the server reports none.</summary>
    public double KilobytesAllocatedPerMessage => ServerAllocatedBytes is { } bytes && Window.Acked > 0 ? bytes / 1024.0 / Window.Acked : double.NaN;

    /// <summary>Why the first run of this level counted as saturated, when this is its second run; otherwise null.</summary>
    public string? FirstAttempt { get; init; }

    /// <summary>CPU time of the database's own processes over the window (PostgreSQL's; zero when the store is in the server).</summary>
    public TimeSpan StoreCpu { get; init; }

    /// <summary>The database processes' CPU per message sent, in µs (beside <see cref="MicrosecondsPerMessage"/>, not in it).</summary>
    public double StoreMicrosecondsPerMessage => Window.Acked == 0 ? double.NaN : StoreCpu.TotalMicroseconds / Window.Acked;

    /// <summary>Acks per second over the window.</summary>
    public double AckedPerSecond => Window.Acked / Window.Elapsed.TotalSeconds;

    /// <summary>Receivers' delivery acks per second over the window (Relink only: SignalR receivers acknowledge nothing).</summary>
    public double ReceiverAcksPerSecond => Window.ReceiverAcks / Window.Elapsed.TotalSeconds;

    /// <summary>Deliveries per second over the window.</summary>
    public double DeliveredPerSecond => Window.Delivered / Window.Elapsed.TotalSeconds;

    /// <summary>Messages per second fully delivered over the window (deliveries ÷ recipients per message).</summary>
    public double MessagesPerSecond => DeliveredPerSecond / DeliveriesPerMessage;

    /// <summary>Server CPU in % of one core over the window.</summary>
    public double ServerCpuPercent => 100 * ServerCpu / Window.Elapsed;

    /// <summary>Generator CPU in % of one core over the window.</summary>
    public double GeneratorCpuPercent => 100 * GeneratorCpu / Window.Elapsed;

    /// <summary>Server CPU per message sent (its ack and its deliveries included), in µs.</summary>
    public double MicrosecondsPerMessage => Window.Acked == 0 ? double.NaN : ServerCpu.TotalMicroseconds / Window.Acked;

    /// <summary>Server CPU per delivery, in µs (the message's store or route and ack shared among its recipients).</summary>
    public double MicrosecondsPerDelivery => Window.Delivered == 0 ? double.NaN : ServerCpu.TotalMicroseconds / Window.Delivered;

    /// <summary>Why this level counts as saturated, or null when the server kept up.</summary>
    public string? Saturation(TimeSpan p99Limit) =>
        Dropped > 0 ? $"{Dropped} connections dropped"
        : Errors > 0 ? $"{Errors} error answers"
        : Missing > 0 ? $"{Missing} acks or deliveries missing after the drain"
        : DeliveredPerSecond < 0.9 * OfferedRate * DeliveriesPerMessage ? $"delivered {DeliveredPerSecond:#,0}/s of {OfferedRate * DeliveriesPerMessage:#,0}/s offered"
        : Delivery.P99 > p99Limit.TotalMicroseconds ? $"p99 {Delivery.P99 / 1000.0:#,0} ms over {p99Limit.TotalMilliseconds:#,0} ms"
        : null;
}

/// <summary>Every level measured on one server, and why it stopped early if it did.</summary>
internal sealed record TrafficPeerResult(string Peer, string Storage, int Connections, TimeSpan Setup, IReadOnlyList<TrafficLevel> Levels, string? Note);

/// <summary>A whole traffic run: settings, machine, and every server's results.</summary>
internal sealed record TrafficRun(
    TrafficSettings Settings,
    string CommandLine,
    MachineInfo Machine,
    DateTimeOffset Started,
    TimeSpan Duration,
    double LoadAverageAtEnd,
    IReadOnlyList<TrafficPeerResult> Peers);
