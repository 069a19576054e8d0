using System.Diagnostics;
using Relink.Bench.Load;
using Relink.Bench.Load.Traffic;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>
/// Open-loop traffic at stepped offered loads, for each server in turn (each its own process, with the idle
/// scenario's heartbeat): set up the workload's connections, warm up at the lowest rate, then for each rate send
/// for warm-up + window, measure the window, and drain. A server stops stepping up after its first saturated level.
/// </summary>
internal sealed class TrafficScenario(string name, TrafficSettings settings, ITrafficWorkload workload, TextWriter log)
{
    /// <summary>Runs every configured server and returns the measurements.</summary>
    public async Task<TrafficRun> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = await MachineInfo.ReadAsync();
        log.WriteLine($"{name}: {machine.Cores} cores, load average {machine.LoadAverage:0.0}; rates {string.Join(", ", settings.Rates)} msg/s; window {settings.Window.TotalSeconds:0.#} s");
        var results = new List<TrafficPeerResult>();
        foreach (string peer in settings.Peers)
        {
            results.Add(await RunPeerAsync(peer, cancellationToken));
        }

        return new TrafficRun(settings, commandLine, machine, started, clock.Elapsed, ProcessStats.LoadAverage(), results);
    }

    private async Task<TrafficPeerResult> RunPeerAsync(string peerName, CancellationToken cancellationToken)
    {
        if (peerName == "ejabberd" && EjabberdPeer.Unavailable() is { } unavailable)
        {
            log.WriteLine($"  ejabberd: skipped: {unavailable}");
            return new TrafficPeerResult("ejabberd", "MAM archive in SQLite", 0, TimeSpan.Zero, [], "skipped: " + unavailable);
        }

        await using ITrafficPeer peer = peerName switch
        {
            "relink" => await RelinkTrafficPeer.StartAsync(HeartbeatPlan.Defaults),
            "relink-postgres" => await RelinkTrafficPeer.StartOnPostgresAsync(HeartbeatPlan.Defaults),
            "signalr" => await SignalRTrafficPeer.StartAsync(HeartbeatPlan.Defaults),
            "ejabberd" => await EjabberdTrafficPeer.StartAsync(),
            _ => throw new ArgumentException($"Unknown server '{peerName}'."), // TrafficSettings.From refuses it first
        };

        var recorder = new TrafficRecorder();
        var levels = new List<TrafficLevel>();
        string? note = null;
        var setup = Stopwatch.StartNew();
        await using var fleet = new TrafficFleet();
        await using var wheel = new HeartbeatWheel(HeartbeatPlan.Defaults.Interval);
        try
        {
            await workload.OpenAsync(peer, fleet, recorder, settings.SetupConcurrency, cancellationToken);
            setup.Stop();
            foreach (var connection in fleet.All)
            {
                wheel.Add(connection);
            }

            log.WriteLine($"  {peer.Name} (pid {peer.ProcessId}): {fleet.Count} connections set up in {setup.Elapsed.TotalSeconds:0.0} s; warming up");
            await using var acknowledgements = new AcknowledgementLoop(fleet.Receivers);
            await RunLevelAsync(peer, fleet, recorder, settings.Rates[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), cancellationToken);
            foreach (double rate in settings.Rates)
            {
                var level = await RunLevelAsync(peer, fleet, recorder, rate, settings.Warmup, settings.Window, cancellationToken);
                Report(peer, level);
                if (level.Saturation(settings.SaturationP99) is { } first && level.Dropped == 0)
                {
                    // One stall of a shared 2-core box (another process's burst) can push a p99 over the limit: a
                    // level counts as saturated only if it is twice in a row.
                    log.WriteLine($"  {peer.Name}: {first}; running the level again");
                    level = await RunLevelAsync(peer, fleet, recorder, rate, settings.Warmup, settings.Window, cancellationToken) with { FirstAttempt = first };
                    Report(peer, level);
                }

                levels.Add(level);
                if (level.Saturation(settings.SaturationP99) is { } why)
                {
                    note = $"saturated at {rate:#,0} msg/s offered ({why}): higher rates not tried";
                    log.WriteLine($"  {peer.Name}: {note}");
                    break;
                }
            }
        }
        catch (Exception e) when (e is BenchFailure or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            note = $"stopped with {fleet.Count} connections open: {e.Message}";
            log.WriteLine($"  {peer.Name}: {note}");
        }
        finally
        {
            wheel.Clear();
        }

        return new TrafficPeerResult(peer.Name, peer.Storage, fleet.Count, setup.Elapsed, levels, note);
    }

    private async Task<TrafficLevel> RunLevelAsync(ITrafficPeer peer, TrafficFleet fleet, TrafficRecorder recorder, double rate, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = recorder.Snapshot();
        long start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20; // 50 ms to get the window's reader going
        long windowStart = start + Ticks(warmup);
        long windowEnd = windowStart + Ticks(window);
        recorder.BeginLevel(windowStart, windowEnd);
        var measuring = MeasureWindowAsync(peer, recorder, windowStart, windowEnd, cancellationToken);
        long sent = await OpenLoopPacer.RunAsync(fleet.Senders, rate, start, warmup + window, cancellationToken);
        var (counts, serverCpu, generatorCpu, storeCpu, serverAllocated) = await measuring;

        // Drain: every message of the level acked and delivered, or the deadline.
        long expectedAcks = before.Acked + sent;
        long expectedDeliveries = before.Delivered + sent * workload.DeliveriesPerMessage;
        var drain = Stopwatch.StartNew();
        var after = recorder.Snapshot();
        while ((after.Acked < expectedAcks || after.Delivered < expectedDeliveries) && drain.Elapsed < settings.Drain && after.Dropped == before.Dropped)
        {
            await Task.Delay(20, cancellationToken);
            after = recorder.Snapshot();
        }

        long missing = Math.Max(0, expectedAcks - after.Acked) + Math.Max(0, expectedDeliveries - after.Delivered);
        return new TrafficLevel(rate, workload.DeliveriesPerMessage, counts, serverCpu, generatorCpu,
            recorder.AckLatency.Summary(), recorder.DeliveryLatency.Summary(), missing,
            after.Errors - before.Errors, after.Dropped - before.Dropped, ProcessStats.LoadAverage()) { StoreCpu = storeCpu, ServerAllocatedBytes = serverAllocated };
    }

    /// <summary>
    /// Counts, CPU times (the server's, the generator's, the database's) and the server's allocated bytes at the
    /// window's two edges, read beside the pacer so it never waits for /proc or the server's answer.
    /// </summary>
    private static async Task<(TrafficCounts Counts, TimeSpan ServerCpu, TimeSpan GeneratorCpu, TimeSpan StoreCpu, long? ServerAllocated)> MeasureWindowAsync(
        ITrafficPeer peer, TrafficRecorder recorder, long windowStart, long windowEnd, CancellationToken cancellationToken)
    {
        await DelayUntilAsync(windowStart, cancellationToken);
        var first = recorder.Snapshot();
        var serverBefore = ProcessStats.CpuTime(peer.ProcessId);
        var generatorBefore = ProcessStats.CpuTime(Environment.ProcessId);
        var storeBefore = peer.StoreCpuTime();
        long? allocatedBefore = await peer.Probe.AllocatedBytesAsync();
        await DelayUntilAsync(windowEnd, cancellationToken);
        var last = recorder.Snapshot();
        var serverCpu = ProcessStats.CpuTime(peer.ProcessId) - serverBefore;
        var generatorCpu = ProcessStats.CpuTime(Environment.ProcessId) - generatorBefore;
        var storeCpu = peer.StoreCpuTime() - storeBefore;
        long? allocatedAfter = await peer.Probe.AllocatedBytesAsync();
        return (last - first, serverCpu, generatorCpu, storeCpu, allocatedAfter - allocatedBefore);
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    private void Report(ITrafficPeer peer, TrafficLevel level) =>
        log.WriteLine($"  {peer.Name} {level.OfferedRate,7:#,0} msg/s offered: {level.AckedPerSecond:#,0} acked/s, {level.DeliveredPerSecond:#,0} delivered/s; " +
            $"delivery p50 {level.Delivery.P50 / 1000.0:0.0} ms p99 {level.Delivery.P99 / 1000.0:0.0} ms max {level.Delivery.Max / 1000.0:0.0} ms; " +
            $"ack p99 {level.Ack.P99 / 1000.0:0.0} ms; server CPU {level.ServerCpuPercent:0}% ({level.MicrosecondsPerMessage:0.0} µs/msg, {level.KilobytesAllocatedPerMessage:0.00} KB alloc/msg), generator {level.GeneratorCpuPercent:0}%; " +
            (level.StoreCpu > TimeSpan.Zero ? $"database CPU {level.StoreMicrosecondsPerMessage:0.0} µs/msg; " : "") +
            $"missing {level.Missing}, errors {level.Errors}, load {level.LoadAverage:0.0}");
}
