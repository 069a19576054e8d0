using System.Diagnostics;
using System.Globalization;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;
using Relink.Protocol.Messages;

namespace Relink.Bench.Scenarios.Presence;

/// <summary>What one phase of the presence scenario cost: pushes the clients received, and the server's CPU.</summary>
/// <param name="Name">The phase.</param>
/// <param name="Changes">Users whose link changed in it (dropped and resumed, left, or came back).</param>
/// <param name="Pushes">Presence pushes all clients received in it.</param>
/// <param name="ServerCpu">CPU time the server process used in it.</param>
/// <param name="Duration">Wall time of the phase.</param>
internal sealed record PresencePhase(string Name, int Changes, long Pushes, TimeSpan ServerCpu, TimeSpan Duration);

/// <summary>The measurements of one run.</summary>
internal sealed record PresenceRun(PresenceSettings Settings, string CommandLine, MachineInfo Machine, double LoadAverageAfter, IReadOnlyList<PresencePhase> Phases);

/// <summary>
/// Presence under a reconnect storm: N users logged in on bare sockets, each with F friends (a ring: user i is friends
/// with the F/2 users on either side), pinging on one timer. Then, each phase after a quiet baseline of the same length:
/// K users spread over the ring drop their socket without a word and resume on a new one at once (the storm); the
/// same K drop and stay away until the server announces them offline; they log in again. Each phase waits out the
/// dead-link timeout plus the grace (and 2 s), so an offline the server was going to announce is counted.
/// </summary>
internal sealed class PresenceScenario(PresenceSettings settings, TextWriter log)
{
    private const string Password = "presence-password";
    private long _pushes;

    /// <summary>Runs the phases and returns what each cost.</summary>
    public async Task<PresenceRun> RunAsync(string commandLine, CancellationToken cancellationToken)
    {
        var machine = await MachineInfo.ReadAsync();
        log.WriteLine($"presence: {machine.Cores} cores, load average {machine.LoadAverage:0.0}; {settings.Users} users with {settings.Friends} friends, {settings.Storm} in the storm");
        // Each user asks for its friends in the setup (up to --friends each, 50 by default): more than the per-user
        // friend-request budget (a burst of 20) lets through, so the budget is off for the run.
        await using var server = await RelinkPeer.StartAsync(settings.Heartbeat, useSdk: false,
            ["--presence-grace", ((long)settings.Grace.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms", "--multi-device",
             "--Relink:Limits:FriendRequestBurst=0"]);
        var connections = new List<PresenceConnection>();
        using var pinging = new CancellationTokenSource();
        var pinger = PingAsync(connections, pinging.Token);
        await SetUpAsync(server, connections, cancellationToken);
        try
        {
            var window = settings.Heartbeat.RelinkTimeout + settings.Grace + TimeSpan.FromSeconds(2);
            var storm = Enumerable.Range(0, settings.Storm).Select(i => connections[i * settings.Users / settings.Storm]).ToList();
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken); // the setup's own pushes and writes drain first
            var phases = new List<PresencePhase>
            {
                await PhaseAsync(server, "quiet (baseline)", 0, () => Task.CompletedTask, window, cancellationToken),
                await PhaseAsync(server, "storm: drop and resume at once", storm.Count, () => ForEachAsync(storm, c => c.DropAndResumeAsync(cancellationToken)), window, cancellationToken),
                await PhaseAsync(server, "leave: drop and stay away", storm.Count, () => ForEachAsync(storm, c => c.DropAsync()), window, cancellationToken),
                await PhaseAsync(server, "return: log in again", storm.Count, () => ForEachAsync(storm, c => c.LoginAgainAsync(Password, cancellationToken)), TimeSpan.FromSeconds(3), cancellationToken),
            };
            return new PresenceRun(settings, commandLine, machine, ProcessStats.LoadAverage(), phases);
        }
        finally
        {
            await pinging.CancelAsync();
            await pinger;
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private async Task<PresencePhase> PhaseAsync(RelinkPeer server, string name, int changes, Func<Task> act, TimeSpan wait, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _pushes, 0);
        var cpu = ProcessStats.CpuTime(server.ProcessId);
        var clock = Stopwatch.StartNew();
        await act();
        await Task.Delay(wait, cancellationToken);
        var phase = new PresencePhase(name, changes, Interlocked.Read(ref _pushes), ProcessStats.CpuTime(server.ProcessId) - cpu, clock.Elapsed);
        log.WriteLine($"  {name}: {phase.Pushes} presence pushes, server CPU {phase.ServerCpu.TotalSeconds:0.00} s in {phase.Duration.TotalSeconds:0.0} s");
        return phase;
    }

    private async Task SetUpAsync(RelinkPeer server, List<PresenceConnection> connections, CancellationToken cancellationToken)
    {
        int n = settings.Users;
        var opened = new (PresenceConnection Connection, Load.RelinkSetupSession Setup)[n];
        var clock = Stopwatch.StartNew();
        await ForEachAsync(Enumerable.Range(0, n), async i =>
        {
            opened[i] = await PresenceConnection.OpenAsync(server.Endpoint, UserId(i), Password, () => Interlocked.Increment(ref _pushes), cancellationToken);
            lock (connections)
            {
                connections.Add(opened[i].Connection);
            }
        });
        log.WriteLine($"  {n} users logged in ({clock.Elapsed.TotalSeconds:0} s)");

        // Each user asks the F/2 users after it on the ring, then accepts the asks of the F/2 before it: friendship
        // takes both users' consent.
        await ForEachAsync(Enumerable.Range(0, n), async i =>
        {
            for (int k = 1; k <= settings.Friends / 2; k++)
            {
                await opened[i].Setup.RequireAsync(new Envelope { AddFriend = new AddFriendRequest { UserId = UserId((i + k) % n) } }, cancellationToken);
            }
        });
        await ForEachAsync(Enumerable.Range(0, n), async i =>
        {
            for (int k = 1; k <= settings.Friends / 2; k++)
            {
                await opened[i].Setup.RequireAsync(new Envelope { AcceptFriend = new AnswerFriendRequest { UserId = UserId(((i - k) % n + n) % n) } }, cancellationToken);
            }
        });
        log.WriteLine($"  {n * (settings.Friends / 2)} friendships made ({clock.Elapsed.TotalSeconds:0} s)");
        foreach (var (connection, setup) in opened)
        {
            connection.StartReading(setup);
        }

        lock (connections)
        {
            connections.Clear();
            connections.AddRange(opened.Select(o => o.Connection));
        }
    }

    // One timer for every connection, as the server's sweeper is one timer for every link.
    private async Task PingAsync(List<PresenceConnection> connections, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(settings.Heartbeat.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                PresenceConnection[] all;
                lock (connections)
                {
                    all = [.. connections];
                }

                foreach (var connection in all)
                {
                    connection.Ping();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (item, _) => await body(item));

    private static string UserId(int i) => "presence" + i.ToString(CultureInfo.InvariantCulture);
}
