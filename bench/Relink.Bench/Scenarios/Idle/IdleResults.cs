using Relink.Bench.Load;
using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Idle;

/// <summary>One measurement: a server holding <see cref="Connections"/> idle connections for a steady window.</summary>
/// <param name="Connections">Logged-in connections held (0 for the baseline).</param>
/// <param name="Window">Length of the steady window, as measured.</param>
/// <param name="ServerCpu">Server CPU time (user + system, all threads) spent in the window.</param>
/// <param name="Load">What the generator's connections did in the window.</param>
/// <param name="ResidentFoundBytes">Server RSS just before the forced GC: what an idle server really holds.</param>
/// <param name="Memory">Server heap and RSS right after a forced full compacting GC.</param>
/// <param name="Map">Where the server's RSS is, read right after that GC.</param>
/// <param name="GeneratorResidentBytes">The load generator's own RSS after its own full GC.</param>
/// <param name="Ramp">How long opening and logging in this step's new connections took.</param>
/// <param name="LoadAverage">The machine's 1-minute load average at the end of the window.</param>
internal sealed record IdleStep(
    int Connections,
    TimeSpan Window,
    TimeSpan ServerCpu,
    LoadSnapshot Load,
    long ResidentFoundBytes,
    MemoryReading Memory,
    MemoryMap Map,
    long GeneratorResidentBytes,
    TimeSpan Ramp,
    double LoadAverage)
{
    /// <summary>Chat latency measured after this step's readings (<see cref="LatencyProbe"/>); null when not probed.</summary>
    public IdleProbe? Probe { get; init; }
}

/// <summary>Everything measured on one server: its baseline, its steps, and why it stopped early if it did.</summary>
internal sealed record IdlePeerResult(string Peer, IdleStep? Baseline, IReadOnlyList<IdleStep> Steps, string? Note)
{
    /// <summary>Resident bytes per connection above the baseline, after a forced GC.</summary>
    public double ResidentPerConnection(IdleStep step) =>
        (double)(step.Memory.ResidentBytes - Baseline!.Memory.ResidentBytes) / step.Connections;

    /// <summary>Live managed heap bytes per connection above the baseline.</summary>
    public double HeapPerConnection(IdleStep step) =>
        (double)(step.Memory.GcHeapBytes - Baseline!.Memory.GcHeapBytes) / step.Connections;

    /// <summary>Resident bytes of the GC's regions per connection above the baseline: live heap plus what the GC keeps committed.</summary>
    public double GcRegionsPerConnection(IdleStep step) =>
        (double)(step.Map.GcRegionsBytes - Baseline!.Map.GcRegionsBytes) / step.Connections;

    /// <summary>Resident native (non-GC anonymous) bytes per connection above the baseline.</summary>
    public double NativePerConnection(IdleStep step) =>
        (double)(step.Map.NativeBytes - Baseline!.Map.NativeBytes) / step.Connections;

    /// <summary>Resident bytes per connection above the baseline as found, without a forced GC.</summary>
    public double ResidentFoundPerConnection(IdleStep step) =>
        (double)(step.ResidentFoundBytes - Baseline!.ResidentFoundBytes) / step.Connections;

    /// <summary>Generator resident bytes per connection above its baseline (the client side's cost, for scale).</summary>
    public double GeneratorPerConnection(IdleStep step) =>
        (double)(step.GeneratorResidentBytes - Baseline!.GeneratorResidentBytes) / step.Connections;

    /// <summary>Server CPU as a percentage of one core over the window.</summary>
    public static double CpuPercent(IdleStep step) => 100 * step.ServerCpu / step.Window;

    /// <summary>
    /// Server CPU per client ping, in microseconds: all CPU above the idle baseline's rate (the ping, its pong, the
    /// sweeper, the runtime's housekeeping for N connections) divided by the pings sent in the window.
    /// </summary>
    public double MicrosecondsPerPing(IdleStep step)
    {
        double baselineRate = Baseline!.ServerCpu / Baseline.Window;
        double aboveIdle = step.ServerCpu.TotalMicroseconds - baselineRate * step.Window.TotalMicroseconds;
        return step.Load.PingsSent == 0 ? double.NaN : aboveIdle / step.Load.PingsSent;
    }
}

/// <summary>A whole idle run: settings, machine, and every server's results.</summary>
internal sealed record IdleRun(
    IdleSettings Settings,
    string CommandLine,
    MachineInfo Machine,
    DateTimeOffset Started,
    TimeSpan Duration,
    double LoadAverageAtEnd,
    IReadOnlyList<IdlePeerResult> Peers);
