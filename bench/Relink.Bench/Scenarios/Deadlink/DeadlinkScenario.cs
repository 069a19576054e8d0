using System.Diagnostics;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;
using Relink.Testing;

namespace Relink.Bench.Scenarios.Deadlink;

/// <summary>
/// Dead-link detection, one server and heartbeat setting at a time: K logged-in connections through the fault proxy,
/// opened one after another over one heartbeat interval, a heartbeat round to settle, then the proxy black-holes both directions (no FIN, no RST: nothing). Each client
/// reports when it notices; the server's own /healthz count, polled every 50 ms, says when it dropped each connection.
/// </summary>
internal sealed class DeadlinkScenario(DeadlinkSettings settings, TextWriter log)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs every setting on every configured server and returns the measurements.</summary>
    public async Task<DeadlinkRun> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = await MachineInfo.ReadAsync();
        log.WriteLine($"deadlink: {machine.Cores} cores, load average {machine.LoadAverage:0.0}; {settings.Connections} connections per server");
        var results = new List<DeadlinkResult>();
        foreach (var setting in settings.Settings)
        {
            foreach (string peer in settings.Peers)
            {
                results.Add(await MeasureAsync(setting, peer, cancellationToken));
            }
        }

        return new DeadlinkRun(settings, commandLine, machine, started, clock.Elapsed, ProcessStats.LoadAverage(), results);
    }

    private async Task<DeadlinkResult> MeasureAsync(DeadlinkSetting setting, string peer, CancellationToken cancellationToken)
    {
        int count = settings.Connections;
        IPeerServer server = peer == "relink"
            ? await RelinkPeer.StartAsync(setting.Plan, useSdk: false)
            : await SignalRPeer.StartAsync(setting.Plan);
        await using var serverLifetime = server;
        await using var proxy = TcpFaultProxy.Start(server is RelinkPeer relink ? relink.TcpPort : ((SignalRPeer)server).Port);

        long blackHoledAt = 0;
        var clientNoticed = new double[count];
        int noticedCount = 0;
        void Noticed(int client)
        {
            long at = Volatile.Read(ref blackHoledAt);
            if (at != 0 && clientNoticed[client] == 0)
            {
                clientNoticed[client] = Math.Max(1e-6, Stopwatch.GetElapsedTime(at).TotalSeconds);
                Interlocked.Increment(ref noticedCount);
            }
        }

        await using var clients = new DeadlinkClients(setting, Noticed);
        if (server is RelinkPeer)
        {
            await clients.OpenRelinkAsync(proxy.Port, count, cancellationToken);
        }
        else
        {
            await clients.OpenSignalRAsync(proxy.Port, count, setting.SignalRServerTimeout, cancellationToken);
        }

        await server.WaitForLoggedInAsync(count);
        // One heartbeat round after the last login, so the black hole lands on links in their steady state.
        await Task.Delay(setting.Plan.Interval + TimeSpan.FromSeconds(1), cancellationToken);
        log.WriteLine($"  {setting.Name}, {server.Name}: {count} connections through the proxy; black hole");

        var serverNoticed = new List<double>();
        int lastCount = count;
        Volatile.Write(ref blackHoledAt, Stopwatch.GetTimestamp());
        proxy.BlackHole(ProxyDirection.Both);
        var deadline = setting.Expected * 2 + TimeSpan.FromSeconds(10);
        string? note = null;
        while (Volatile.Read(ref noticedCount) < count || serverNoticed.Count < count)
        {
            if (Stopwatch.GetElapsedTime(blackHoledAt) > deadline)
            {
                note = $"after {deadline.TotalSeconds:0} s, {noticedCount} clients and the server for {serverNoticed.Count} connections had noticed";
                break;
            }

            await Task.Delay(Poll, cancellationToken);
            var health = await server.Probe.HealthAsync();
            double at = Stopwatch.GetElapsedTime(blackHoledAt).TotalSeconds;
            for (; lastCount > health.Connections && serverNoticed.Count < count; lastCount--)
            {
                serverNoticed.Add(at);
            }
        }

        var result = new DeadlinkResult(setting, server.Name, count, [.. clientNoticed.Where(t => t > 0).Order()], [.. serverNoticed], note);
        log.WriteLine($"  {setting.Name}, {server.Name}: clients noticed {Describe(result.ClientNoticed)}; server {Describe(result.ServerNoticed)}" + (note is null ? "" : "; " + note));
        return result;
    }

    private static string Describe(double[] times) =>
        times.Length == 0 ? "never" : $"{times[0]:0.00}–{times[^1]:0.00} s ({times.Length})";
}
