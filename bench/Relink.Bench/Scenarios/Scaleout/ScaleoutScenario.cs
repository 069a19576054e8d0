using System.Diagnostics;
using System.Globalization;
using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// Each product as a three-node cluster behind the balancer, in turn: per-node cost under a steady load, same-node
/// against cross-node latency, a SIGKILL of node 0 (about a third of the clients) under load, and a SIGKILL and
/// restart of the bus under load. Everything on 127.0.0.1; every wait has a deadline.
/// </summary>
internal sealed class ScaleoutScenario(ScaleoutSettings settings, TextWriter log)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>Runs every configured product and returns the measurements.</summary>
    public async Task<ScaleoutRun> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = await MachineInfo.ReadAsync();
        log.WriteLine($"scaleout: {machine.Cores} cores, load average {machine.LoadAverage:0.0}; {settings.PerNode} clients per node, {settings.Rate} msg/s");
        var results = new List<ScaleoutResult>();
        foreach (string peer in settings.Peers)
        {
            results.Add(await MeasureAsync(peer, cancellationToken));
        }

        return new ScaleoutRun(settings, commandLine, machine, started, clock.Elapsed, ProcessStats.LoadAverage(), results);
    }

    private async Task<ScaleoutResult> MeasureAsync(string peer, CancellationToken cancellationToken)
    {
        await using IScaleoutCluster cluster = peer == "relink"
            ? await RelinkScaleout.StartAsync(ScaleoutSettings.Nodes, settings.RelinkServer, settings.Balancers)
            : await SignalRScaleout.StartAsync(ScaleoutSettings.Nodes, settings.Balancers);
        log.WriteLine($"{cluster.Name}: {cluster.Nodes} nodes, {cluster.BusName} and {settings.Balancers} balancer processes up");
        var recorder = new ScaleoutRecorder(settings.Clients);
        var everyone = new List<IScaleoutClient>();
        try
        {
            // Probes and senders live on nodes 1 and 2, which survive; node 0 is the one killed.
            var probe = await StartAsync(cluster.Client("scp0", 1, recorder), everyone, cancellationToken);
            var sameNode = await StartAsync(cluster.Client("scp1", 1, recorder), everyone, cancellationToken);
            var crossNode = await StartAsync(cluster.Client("scp2", 2, recorder), everyone, cancellationToken);
            await BefriendAsync(probe, sameNode, cancellationToken);
            await BefriendAsync(probe, crossNode, cancellationToken);
            var senders = new List<IScaleoutClient>();
            for (int k = 0; k < ScaleoutSettings.Senders; k++)
            {
                senders.Add(await StartAsync(cluster.Client(ScaleoutUsers.Sender(k), 1 + (k % 2), recorder), everyone, cancellationToken));
            }

            var setup = Stopwatch.StartNew();
            await using var workers = await LoadWorkers.StartAsync(cluster, settings, recorder, cancellationToken);
            log.WriteLine($"{cluster.Name}: {settings.Clients} clients logged in through the balancer in {setup.Elapsed.TotalSeconds:0} s, in {settings.Workers} worker processes");
            var load = await AcceptLoadAsync(cluster, senders, cancellationToken);
            var traffics = new List<ScaleoutTraffic>();
            ScaleoutTraffic traffic()
            {
                traffics.Add(new ScaleoutTraffic(senders, load, recorder, settings.Rate));
                return traffics[^1];
            }

            var costs = await MeasureCostAsync(cluster, traffic(), cancellationToken);
            await MeasureLatencyAsync(probe, sameNode, crossNode, recorder, cancellationToken);
            var kill = await KillNodeAsync(cluster, recorder, traffic(), cancellationToken);
            var bus = await RestartBusAsync(cluster, recorder, traffic(), cancellationToken);
            return new ScaleoutResult(cluster.Name, cluster.Setup, cluster.BusName, costs, recorder.SameNode.Summary(), recorder.CrossNode.Summary(), kill, bus, traffics.Sum(t => t.Skipped), recorder.GaveUp,
                settings.LateWait(cluster.CatchUpInterval));
        }
        finally
        {
            foreach (var chunk in everyone.Chunk(200))
            {
                await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
            }
        }
    }

    /// <summary>The senders accept their load clients' friend requests (Relink; SignalR has none); returns the load users.</summary>
    private async Task<string[]> AcceptLoadAsync(IScaleoutCluster cluster, List<IScaleoutClient> senders, CancellationToken cancellationToken)
    {
        string[] load = [.. Enumerable.Range(0, settings.Clients).Select(ScaleoutUsers.Load)];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, settings.Clients, parallel, async (i, token) =>
            await senders[ScaleoutUsers.SenderOf(i)].AcceptFriendAsync(load[i], token));
        return load;
    }

    /// <summary>Lets <paramref name="a"/> and <paramref name="b"/> message each other: a friend request, accepted.</summary>
    private static async Task BefriendAsync(IScaleoutClient a, IScaleoutClient b, CancellationToken cancellationToken)
    {
        await a.AskFriendAsync(b.UserId, cancellationToken);
        await b.AcceptFriendAsync(a.UserId, cancellationToken);
    }

    private async Task<NodeCost[]> MeasureCostAsync(IScaleoutCluster cluster, ScaleoutTraffic traffic, CancellationToken cancellationToken)
    {
        var before = Enumerable.Range(0, cluster.Nodes).Select(n => ProcessStats.CpuTime(cluster.ProcessId(n))).ToArray();
        var clock = Stopwatch.StartNew();
        traffic.Start();
        await Task.Delay(settings.CostWindow, cancellationToken);
        var after = Enumerable.Range(0, cluster.Nodes).Select(n => ProcessStats.CpuTime(cluster.ProcessId(n))).ToArray();
        double window = clock.Elapsed.TotalSeconds;
        await traffic.StopAsync();
        var costs = new NodeCost[cluster.Nodes];
        for (int n = 0; n < cluster.Nodes; n++)
        {
            var health = await cluster.Probe(n).HealthAsync();
            costs[n] = new NodeCost(n, health.Connections, ProcessStats.ResidentBytes(cluster.ProcessId(n)) / 1048576.0, (after[n] - before[n]).TotalSeconds / window * 100);
            log.WriteLine($"  node {n}: {costs[n].Connections} connections, {costs[n].ResidentMegabytes:0} MB, {costs[n].CpuPercent:0} % CPU at {settings.Rate} msg/s");
        }

        return costs;
    }

    /// <summary>Probe messages, one same-node and one cross-node at a time, alternating, 10 ms apart, with no other load.</summary>
    private async Task MeasureLatencyAsync(IScaleoutClient probe, IScaleoutClient sameNode, IScaleoutClient crossNode, ScaleoutRecorder recorder, CancellationToken cancellationToken)
    {
        for (int i = 0; i < settings.Probes; i++)
        {
            await probe.SendAsync(sameNode.UserId, "Ls" + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture), cancellationToken);
            await probe.SendAsync(crossNode.UserId, "Lx" + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture), cancellationToken);
            await Task.Delay(10, cancellationToken);
        }

        await WaitAsync(() => recorder.SameNode.Count >= settings.Probes && recorder.CrossNode.Count >= settings.Probes, TimeSpan.FromSeconds(10), cancellationToken);
        var same = recorder.SameNode.Summary();
        var cross = recorder.CrossNode.Summary();
        log.WriteLine($"  latency p50/p99: same node {same.P50 / 1000.0:0.00}/{same.P99 / 1000.0:0.00} ms, cross node {cross.P50 / 1000.0:0.00}/{cross.P99 / 1000.0:0.00} ms");
    }

    private async Task<NodeKillResult> KillNodeAsync(IScaleoutCluster cluster, ScaleoutRecorder recorder, ScaleoutTraffic traffic, CancellationToken cancellationToken)
    {
        recorder.BeginPhase();
        traffic.Start();
        await Task.Delay(Settle, cancellationToken);
        var kill = PhaseMark.Now("the kill");
        await cluster.KillNodeAsync(0);
        log.WriteLine($"{cluster.Name}: node 0 killed (SIGKILL) under {settings.Rate} msg/s");
        await WatchReturnsAsync(cluster, recorder, kill.At, cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        await traffic.StopAsync();
        long onTimeUntil = await SettleAsync(cluster, recorder, "kill", kill, cancellationToken);
        var (dropped, back) = recorder.Links();
        var result = new NodeKillResult(dropped, back, recorder.LoggedInAgain(), recorder.BackTimes(kill.At), recorder.DropTimes(kill.At), recorder.RejoinTimes(), recorder.Tally(long.MaxValue, onTimeUntil));
        var m = result.Messages;
        log.WriteLine($"  {back}/{dropped} dropped clients back ({back - result.LoggedInAgain} resumed, {result.LoggedInAgain} logged in again), the last {(result.BackSeconds.Length > 0 ? result.BackSeconds[^1] : 0):0.00} s after the kill; " +
            $"{m.Acknowledged} acknowledged, {m.Lost} lost, {m.Late} late{(m.Late > 0 ? $" (the last {m.LateBySeconds:0.00} s after the drain deadline)" : "")}, {m.Refused} refused");
        return result;
    }

    /// <summary>
    /// Waits for the phase's acknowledged messages to arrive: up to the drain deadline; then, for any still missing,
    /// up to the product client's own catch-up interval and a margin more, so a message that arrives only then is
    /// told apart (late) from one that never does (lost); then explains every one that missed the deadline.
    /// </summary>
    /// <returns>The drain deadline's timestamp: a message received after it is late.</returns>
    private async Task<long> SettleAsync(IScaleoutCluster cluster, ScaleoutRecorder recorder, string phase, PhaseMark mark, CancellationToken cancellationToken)
    {
        await WaitAsync(() => recorder.Missing() == 0, settings.DrainDeadline, cancellationToken);
        long onTimeUntil = Stopwatch.GetTimestamp();
        int missing = recorder.Missing();
        if (missing == 0)
        {
            return onTimeUntil;
        }

        var more = settings.LateWait(cluster.CatchUpInterval);
        if (more > TimeSpan.Zero)
        {
            log.WriteLine($"  {missing} acknowledged messages not received {settings.DrainDeadline.TotalSeconds:0} s after the load stopped; waiting up to {more.TotalSeconds:0} s more " +
                $"(the client's own sync every {cluster.CatchUpInterval!.Value.TotalSeconds:0} s + {settings.LateMargin.TotalSeconds:0} s) to tell late from lost");
            await WaitAsync(() => recorder.Missing() == 0, more, cancellationToken);
        }

        await MissingMessageReport.WriteAsync(cluster, recorder, phase, mark, onTimeUntil, log, cancellationToken);
        return onTimeUntil;
    }

    /// <summary>
    /// Waits until every dropped client is back (or the deadline), logging every 5 s how many are back and how many
    /// connections the surviving nodes hold, so a run that goes wrong shows where; if some never came back, the nodes'
    /// output goes to a file beside the quick reports.
    /// </summary>
    private async Task WatchReturnsAsync(IScaleoutCluster cluster, ScaleoutRecorder recorder, long killedAt, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var nextLine = TimeSpan.FromSeconds(5);
        while (recorder.Links() is not { Dropped: > 0 } links || links.Back < links.Dropped)
        {
            if (clock.Elapsed >= settings.ResumeDeadline)
            {
                await ScaleoutDiagnostics.WriteNodeOutputsAsync(cluster, log, cancellationToken);
                return;
            }

            if (clock.Elapsed >= nextLine)
            {
                nextLine += TimeSpan.FromSeconds(5);
                var (dropped, back) = recorder.Links();
                var held = await Task.WhenAll(Enumerable.Range(1, cluster.Nodes - 1).Select(async n =>
                {
                    try
                    {
                        return (await cluster.Probe(n).HealthAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken)).Connections.ToString(CultureInfo.InvariantCulture);
                    }
                    catch (Exception e) when (e is TimeoutException or HttpRequestException or System.Text.Json.JsonException)
                    {
                        return "?";
                    }
                }));
                log.WriteLine($"  {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0} s after the kill: {back}/{dropped} back; connections on nodes 1.., {string.Join(", ", held)}; load average {ProcessStats.LoadAverage():0}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<BusRestartResult> RestartBusAsync(IScaleoutCluster cluster, ScaleoutRecorder recorder, ScaleoutTraffic traffic, CancellationToken cancellationToken)
    {
        recorder.BeginPhase();
        traffic.Start();
        await Task.Delay(Settle, cancellationToken);
        var busKill = PhaseMark.Now("the bus kill");
        await cluster.KillBusAsync();
        log.WriteLine($"{cluster.Name}: {cluster.BusName} killed (SIGKILL) under {settings.Rate} msg/s; back in {settings.Outage.TotalSeconds:0.#} s");
        await Task.Delay(settings.Outage, cancellationToken);
        await cluster.StartBusAgainAsync();
        long backAt = Stopwatch.GetTimestamp();
        await Task.Delay(Settle * 2, cancellationToken);
        await traffic.StopAsync();
        long onTimeUntil = await SettleAsync(cluster, recorder, "bus", busKill, cancellationToken);
        var tally = recorder.Tally(backAt, onTimeUntil);
        double caughtUp = tally.LastArrival > backAt ? Stopwatch.GetElapsedTime(backAt, tally.LastArrival).TotalSeconds : 0;
        log.WriteLine($"  {tally.Acknowledged} acknowledged, {tally.Lost} lost, {tally.Late} late, {tally.Refused} refused; the outage's messages all in {caughtUp:0.00} s after the bus returned");
        return new BusRestartResult(tally, caughtUp);
    }

    private static async Task<IScaleoutClient> StartAsync(IScaleoutClient client, List<IScaleoutClient> everyone, CancellationToken cancellationToken)
    {
        everyone.Add(client);
        await client.StartAsync(cancellationToken);
        return client;
    }

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="deadline"/> passes (the result then says what was missing).</summary>
    private static async Task WaitAsync(Func<bool> condition, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }
    }
}
