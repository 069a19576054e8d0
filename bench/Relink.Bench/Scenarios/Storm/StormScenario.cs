using System.Diagnostics;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;
using Relink.Testing.Postgres;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>
/// A reconnect storm, one server at a time: N clients log in, each sends its partner a message, the server process is
/// killed (SIGKILL) mid-burst and started again on the same ports and data, and the clients' own reconnect logic
/// brings them back; each sends its partner one more message as soon as it is back. The run watches until every
/// client is back (or gave up) and every message arrived, or nothing more arrives, or the deadline passes.
/// </summary>
internal sealed class StormScenario(StormSettings settings, TextWriter log)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>After every client settled, how long without a new delivery counts as "nothing more will come".</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    /// <summary>Runs every configured server and returns the results.</summary>
    public async Task<StormRun> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = await MachineInfo.ReadAsync();
        log.WriteLine($"storm: {machine.Cores} cores, load average {machine.LoadAverage:0.0}; {settings.Clients} clients");
        var results = new List<StormPeerResult>();
        foreach (string peer in settings.Peers)
        {
            results.Add(await RunPeerAsync(peer, cancellationToken));
        }

        return new StormRun(settings, commandLine, machine, started, clock.Elapsed, ProcessStats.LoadAverage(), results);
    }

    private async Task<StormPeerResult> RunPeerAsync(string peer, CancellationToken cancellationToken)
    {
        var recorder = new StormRecorder(settings.Clients);
        // relink-postgres: the same server on a throw-away PostgreSQL (the test kit's) that outlives the kill, so the
        // clients resume against the store they logged in on, as on a cluster's surviving node.
        await using var postgres = peer == "relink-postgres" ? await PostgresServer.StartAsync() : null;
        IPeerServer server = peer switch
        {
            "relink" => await RelinkPeer.StartAsync(HeartbeatPlan.Defaults, useSdk: false),
            "relink-postgres" => await RelinkPeer.StartAsync(
                HeartbeatPlan.Defaults, useSdk: false, ["--postgres", postgres!.ConnectionString(await postgres.CreateDatabaseAsync())]),
            _ => await SignalRPeer.StartAsync(HeartbeatPlan.Defaults),
        };
        await using var serverLifetime = server;
        await using IStormFleet fleet = server switch
        {
            RelinkPeer relink => new RelinkStormFleet(relink.TcpEndpoint, recorder, settings.SetupConcurrency, settings.RelinkCredentials),
            SignalRPeer signalR => new SignalRStormFleet(SignalRPeer.HubUrlAt(signalR.Port), recorder, settings.SetupConcurrency),
            _ => throw new ArgumentException($"Unknown server '{peer}'."),
        };

        var setup = Stopwatch.StartNew();
        await fleet.ConnectAsync(cancellationToken);
        await server.WaitForLoggedInAsync(settings.Clients);
        setup.Stop();
        log.WriteLine($"  {server.Name}: {settings.Clients} logged in ({setup.Elapsed.TotalSeconds:0.0} s); a message each, kill -9 mid-burst");

        recorder.Arm();
        // Kill while the burst is in flight: every client has just sent its message, few are acknowledged yet.
        fleet.SendBeforeKill();
        long killedAt = Stopwatch.GetTimestamp();
        await server.KillAsync();
        using var portWatch = new PortWatch(server is RelinkPeer r ? r.TcpPort : ((SignalRPeer)server).Port);
        await server.StartAgainAsync();
        var restart = Stopwatch.GetElapsedTime(killedAt, portWatch.UpAt ?? Stopwatch.GetTimestamp());
        log.WriteLine($"  {server.Name}: killed; accepting again after {restart.TotalSeconds:0.0} s, answering /healthz after {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s");

        string? note = await WatchAsync(server, recorder, killedAt, restart, cancellationToken);
        var waited = Stopwatch.GetElapsedTime(killedAt);
        int online = (await server.Probe.HealthAsync()).Online;
        if (server is RelinkPeer relinkServer)
        {
            await LogStoreTimesAsync(relinkServer);
            foreach (var (kind, count, total, longest) in recorder.Waits())
            {
                log.WriteLine($"    clients waited after '{kind}': {count} times, mean {total.TotalSeconds / count:0.00} s, longest {longest.TotalSeconds:0.0} s");
            }
        }

        var result = new StormPeerResult(server.Name, settings.Clients, setup.Elapsed, restart, recorder.AttemptsAfter(killedAt), recorder.BackAfter(killedAt), recorder.LoggedInAgainCount,
            recorder.GaveUpReasons(), recorder.Tally(StormMessage.BeforeKill), recorder.Tally(StormMessage.AfterReturn), online, waited, note);
        log.WriteLine($"  {server.Name}: {result.Back.Length}/{settings.Clients} back" +
            (result.AllBackAfterKill is { } all ? $", all by {all:0.0} s after the kill ({result.AllBackAfterRestart:0.0} s after the restart)" : "") +
            $"; {result.Attempts.Length} attempts; messages before/after: lost {result.BeforeKill.NeverDelivered}/{result.AfterReturn.NeverDelivered}, " +
            $"duplicated {result.BeforeKill.Duplicated}/{result.AfterReturn.Duplicated}");
        foreach (var (reason, clients) in result.GaveUpReasons)
        {
            log.WriteLine($"    gave up ({clients}): {reason}");
        }

        return result;
    }

    /// <summary>
    /// The server's own timing of the login path's store work since it started again (its /metrics, mean per
    /// operation), and its refusals: where a resume's time goes.
    /// </summary>
    private async Task LogStoreTimesAsync(RelinkPeer server)
    {
        var sums = new SortedDictionary<string, (double Sum, double Count)>(StringComparer.Ordinal);
        foreach (string line in (await server.Probe.MetricsAsync()).Split('\n'))
        {
            if (line.StartsWith("relink_limits_refusals", StringComparison.Ordinal) || line.StartsWith("relink_logins", StringComparison.Ordinal) || line.StartsWith("relink_resumes", StringComparison.Ordinal))
            {
                log.WriteLine($"    {line}");
            }

            bool sum = line.StartsWith("relink_store_duration_milliseconds_sum{", StringComparison.Ordinal);
            if (!sum && !line.StartsWith("relink_store_duration_milliseconds_count{", StringComparison.Ordinal))
            {
                continue;
            }

            int tag = line.IndexOf("relink_store_operation=\"", StringComparison.Ordinal);
            if (tag < 0)
            {
                continue;
            }

            string operation = line[(tag + 24)..line.IndexOf('"', tag + 24)];
            double value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var (s, c) = sums.GetValueOrDefault(operation);
            sums[operation] = sum ? (value, c) : (s, value);
        }

        foreach (var (operation, (s, c)) in sums)
        {
            log.WriteLine($"    store time {operation}: {c:0} times, mean {(c > 0 ? s / c : 0):0.00} ms, total {s / 1000:0.0} s");
        }
    }

    /// <summary>Polls until everything settled or the deadline; returns a note when the deadline ended it.</summary>
    private async Task<string?> WatchAsync(IPeerServer server, StormRecorder recorder, long killedAt, TimeSpan restart, CancellationToken cancellationToken)
    {
        var deadline = restart + settings.Deadline;
        int reported = -1;
        while (true)
        {
            await Task.Delay(Poll, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(killedAt);
            bool settled = recorder.SettledCount == settings.Clients && recorder.SendsEnded;
            if (settled && (recorder.AllDelivered ? recorder.SinceLastDelivery >= TimeSpan.FromSeconds(1) : recorder.SinceLastDelivery >= Quiet))
            {
                return null; // a second after the last delivery, for late duplicates
            }

            if (elapsed >= deadline)
            {
                return $"deadline ({settings.Deadline.TotalSeconds:0} s after the restart): {recorder.BackCount} back, {recorder.GaveUpCount} gave up";
            }

            int back = recorder.BackCount;
            if ((int)elapsed.TotalSeconds != reported)
            {
                reported = (int)elapsed.TotalSeconds;
                if (reported % 5 == 0)
                {
                    log.WriteLine($"  {server.Name} t={elapsed.TotalSeconds:0} s: {back} back, {recorder.GaveUpCount} gave up");
                }
            }
        }
    }
}
