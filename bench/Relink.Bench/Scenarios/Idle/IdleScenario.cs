using System.Diagnostics;
using Relink.Bench.Load;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;
using Relink.Testing;

namespace Relink.Bench.Scenarios.Idle;

/// <summary>
/// Memory and CPU per idle, logged-in connection with heartbeats: for each server in turn (each its own process),
/// a warm-up, a baseline with no connections, then ascending connection counts reusing the connections already
/// open. Each point is a steady window with pings going, followed by a forced-GC memory reading.
/// </summary>
internal sealed class IdleScenario(IdleSettings settings, TextWriter log)
{
    /// <summary>Runs every configured server and returns the measurements.</summary>
    public async Task<IdleRun> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = await MachineInfo.ReadAsync();
        log.WriteLine($"idle: {machine.Cores} cores, load average {machine.LoadAverage:0.0}; counts {string.Join(", ", settings.Counts)}; window {settings.Window.TotalSeconds:0.#} s");

        foreach (var (name, value) in settings.ServerEnvironment)
        {
            // Server processes inherit the generator's environment; its own runtime has long read its settings.
            Environment.SetEnvironmentVariable(name, value);
        }

        var results = new List<IdlePeerResult>();
        foreach (string peer in settings.Peers)
        {
            results.Add(await RunPeerAsync(peer, cancellationToken));
        }

        return new IdleRun(settings, commandLine, machine, started, clock.Elapsed, ProcessStats.LoadAverage(), results);
    }

    private async Task<IdlePeerResult> RunPeerAsync(string peer, CancellationToken cancellationToken)
    {
        int[] counts = CountsFor(peer, out string? note);
        if (peer == "ejabberd" && EjabberdPeer.Unavailable() is { } why)
        {
            log.WriteLine($"  ejabberd: skipped: {why}");
            return new IdlePeerResult("ejabberd", null, [], "skipped: " + why);
        }

        await using IPeerServer server = peer switch
        {
            "relink" => await RelinkPeer.StartAsync(settings.Heartbeat, settings.RelinkSdkClients),
            "signalr" => await SignalRPeer.StartAsync(settings.Heartbeat),
            "ejabberd" => await EjabberdPeer.StartAsync(),
            _ => throw new ArgumentException($"Unknown server '{peer}'."), // IdleSettings.From refuses it first
        };

        // The chat probe needs the traffic scenarios' clients, which speak Relink's and SignalR's protocols only.
        using var probe = settings.ProbeMessages > 0 && server is not EjabberdPeer ? new LatencyProbe(server, settings.Heartbeat, settings.ProbeMessages, settings.ProbeRate) : null;
        var counters = new LoadCounters();
        await using var wheel = new HeartbeatWheel(settings.Heartbeat.Interval);
        await using var fleet = new ConnectionFleet(server, wheel, counters, settings.SetupConcurrency);
        IdleStep? baseline = null;
        var steps = new List<IdleStep>();
        try
        {
            await WarmUpAsync(server, fleet, cancellationToken);
            baseline = await MeasureAsync(server, counters, 0, TimeSpan.Zero, cancellationToken);
            Report(server, baseline);
            foreach (int count in counts)
            {
                var ramp = Stopwatch.StartNew();
                await fleet.GrowToAsync(count, cancellationToken);
                await WaitForServerAsync(server, count);
                ramp.Stop();
                log.WriteLine($"  {server.Name}: {count} logged in ({ramp.Elapsed.TotalSeconds:0.0} s); settling");
                await Task.Delay(settings.Settle, cancellationToken);
                var step = await MeasureAsync(server, counters, count, ramp.Elapsed, cancellationToken);
                steps.Add(step);
                Report(server, step);
                if (probe is not null)
                {
                    var latency = await probe.RunAsync(steps.Count, cancellationToken);
                    steps[^1] = step with { Probe = latency };
                    Report(server, latency);
                }
            }
        }
        catch (Exception e) when (e is BenchFailure or TimeoutException or HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            // Keep what was measured; the report says where and why this server stopped.
            note = $"stopped at {fleet.Count} connections: {e.Message}";
            log.WriteLine($"  {server.Name}: {note}");
        }

        return new IdlePeerResult(server.Name, baseline, steps, note);
    }

    /// <summary>The counts to try on <paramref name="peer"/>: all of them, unless a cap applies.</summary>
    private int[] CountsFor(string peer, out string? note)
    {
        note = null;
        if (peer != "signalr" || settings.SignalRMax is not { } max || settings.Counts.All(c => c <= max))
        {
            return settings.Counts;
        }

        note = $"capped at {max} connections (--signalr-max)";
        return [.. settings.Counts.Where(c => c <= max)];
    }

    /// <summary>Runs every code path once (login, pings, close) so the baseline holds JIT output and pools too.</summary>
    private async Task WarmUpAsync(IPeerServer server, ConnectionFleet fleet, CancellationToken cancellationToken)
    {
        log.WriteLine($"  {server.Name} (pid {server.ProcessId}): warming up with {settings.Warmup} connections for one heartbeat interval");
        await fleet.GrowToAsync(settings.Warmup, cancellationToken);
        await WaitForServerAsync(server, settings.Warmup);
        await Task.Delay(settings.Heartbeat.Interval + TimeSpan.FromSeconds(1), cancellationToken);
        await fleet.CloseAllAsync();
        await WaitForServerAsync(server, 0);
        await Task.Delay(settings.Settle, cancellationToken);
    }

    /// <summary>Waits until the server itself reports exactly <paramref name="count"/> open, logged-in connections.</summary>
    private static async Task WaitForServerAsync(IPeerServer server, int count)
    {
        Health? last = null;
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                last = await server.Probe.HealthAsync();
                return last.Connections == count && last.Online == count;
            }, $"{server.Name} holds {count} logged-in connections", TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            throw new BenchFailure($"{server.Name} reports {last?.Connections} connections, {last?.Online} logged in; expected {count}");
        }
    }

    private async Task<IdleStep> MeasureAsync(IPeerServer server, LoadCounters counters, int count, TimeSpan ramp, CancellationToken cancellationToken)
    {
        var loadBefore = counters.Snapshot();
        var cpuBefore = ProcessStats.CpuTime(server.ProcessId);
        var window = Stopwatch.StartNew();
        await Task.Delay(settings.Window, cancellationToken);
        var cpu = ProcessStats.CpuTime(server.ProcessId) - cpuBefore;
        window.Stop();
        var load = counters.Snapshot() - loadBefore;

        long residentFound = ProcessStats.ResidentBytes(server.ProcessId);
        var memory = await server.Probe.MemoryAsync();
        var map = MemoryMap.Read(server.ProcessId);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        long generatorResident = ProcessStats.ResidentBytes(Environment.ProcessId);

        if (load.Dropped > 0)
        {
            throw new BenchFailure($"{load.Dropped} connections to {server.Name} dropped during the window");
        }

        await WaitForServerAsync(server, count); // still all there after the window
        return new IdleStep(count, window.Elapsed, cpu, load, residentFound, memory, map, generatorResident, ramp, ProcessStats.LoadAverage());
    }

    private void Report(IPeerServer server, IdleProbe probe) =>
        log.WriteLine($"  {server.Name}: probe delivered {probe.Delivered}/{probe.Sent} at {settings.ProbeRate:0.#} msg/s; " +
            $"p50 {probe.Delivery.P50 / 1000.0:0.00} ms, p99 {probe.Delivery.P99 / 1000.0:0.00} ms, max {probe.Delivery.Max / 1000.0:0.00} ms; " +
            $"errors {probe.Errors}, dropped {probe.Dropped}");

    private void Report(IPeerServer server, IdleStep step) =>
        log.WriteLine($"  {server.Name} {step.Connections,6}: RSS {step.Memory.ResidentBytes / 1048576.0:0.0} MiB, " +
            $"GC heap {step.Memory.GcHeapBytes / 1048576.0:0.0} MiB, CPU {IdlePeerResult.CpuPercent(step):0.0}% " +
            $"({step.Load.PingsSent} pings, {step.Load.FramesReceived} frames back), load average {step.LoadAverage:0.0}");
}
