using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;
using Xunit.Abstractions;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// A reconnect storm: many SDK clients (in this process, on loopback) lose their server to a restart and all come
/// back, each with its own token. The default run uses 200 clients; set RELINK_STORM_CLIENTS=1000 for the full
/// size. The attempts-per-second profile is printed, not asserted: wall-clock on a shared 2-core machine is not a
/// property of the code.
/// </summary>
public sealed class Reconnect_Storm_Tests(ITestOutputHelper output)
{
    private const int DefaultClients = 200;

    [Theory]
    [InlineData("graceful restart")]
    [InlineData("kill -9")]
    public async Task Every_client_resumes_after_the_server_restarts_spread_out_rather_than_in_lockstep(string restart)
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("RELINK_STORM_CLIENTS"), CultureInfo.InvariantCulture, out int n) && n > 0 ? n : DefaultClients;

        // One address for every client: lift the per-address limits a real crowd (many addresses) would not meet. One
        // setup connection registers every account before logging in, which on a loaded box outlasts the default
        // login deadline: give it room (the deadline is not what this test measures).
        string[] flags = ["--Relink:Limits:MaxConnectionsPerAddress=0", "--Relink:Limits:MaxAnonymousPerAddress=0", "--login-timeout", "5m"];
        await using var server = restart == "kill -9"
            ? StormServer.Of(await ServerProcess.StartAsync(flags))
            : StormServer.Of(await TestServer.StartAsync(flags));
        string prefix = Clients.UniqueId("storm") + "-";
        await RegisterAsync(server.Endpoint, prefix, count);
        var clock = Stopwatch.StartNew();
        var attempts = new ConcurrentQueue<TimeSpan>();
        var lost = new ConcurrentQueue<(TimeSpan At, TimeSpan Delay)>();
        var resumedAt = new ConcurrentQueue<TimeSpan>();
        var resumesOf = new int[count];
        var stopped = new ConcurrentQueue<string>();
        var clients = new List<RelinkClient>(count);
        try
        {
            foreach (var chunk in Enumerable.Range(0, count).Chunk(50))
            {
                clients.AddRange(await Task.WhenAll(chunk.Select(i => LoginAsync(server.Endpoint, prefix + i))));
            }

            foreach (var (client, index) in clients.Select((c, i) => (c, i)))
            {
                client.StateChanged += (_, change) =>
                {
                    if (change.Current is ConnectionState.Connecting)
                    {
                        attempts.Enqueue(clock.Elapsed);
                    }
                    else if (change.Current is ConnectionState.Reconnecting { Attempt: 1 } r)
                    {
                        lost.Enqueue((clock.Elapsed, r.DelayFrom(DateTimeOffset.UtcNow)));
                    }
                    else if (change.Current is ConnectionState.Stopped s)
                    {
                        stopped.Enqueue(s.Description);
                    }
                };
                client.Resumed += (_, _) =>
                {
                    Interlocked.Increment(ref resumesOf[index]);
                    resumedAt.Enqueue(clock.Elapsed);
                };
            }

            TimeSpan down = clock.Elapsed;
            await server.StopAsync();
            TimeSpan stoppedAt = clock.Elapsed;
            await server.StartAgainAsync();
            TimeSpan up = clock.Elapsed;

            // Wait per client for the state asserted below, not for a count of Resumed events: a client that
            // resumed and lost its link again resumes twice, and its second event would stand in for a client
            // that is not back yet.
            await Eventually.TrueAsync(
                () => !stopped.IsEmpty || clients.Select((c, i) => Volatile.Read(ref resumesOf[i]) > 0 && c.State is ConnectionState.Connected).All(back => back),
                $"{count} clients to resume (have {resumesOf.Count(r => r > 0)})",
                TimeSpan.FromMinutes(3));

            stopped.ShouldBeEmpty();
            clients.ShouldAllBe(c => c.State is ConnectionState.Connected);
            Report($"{restart}, {count} clients", down, stoppedAt, up, [.. lost], [.. attempts], [.. resumedAt], resumesOf.Count(r => r > 1));
        }
        finally
        {
            foreach (var chunk in clients.Chunk(100))
            {
                await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
            }
        }
    }

    private static async Task RegisterAsync(string endpoint, string prefix, int count)
    {
        await using var setup = new RelinkClient(new RelinkClientOptions { Server = endpoint, ReconnectPolicy = null, NetworkChanges = null });
        await setup.ConnectAsync();
        for (int i = 0; i < count; i++)
        {
            await setup.RegisterAsync(prefix + i, Clients.Password);
        }
    }

    // The people-facing defaults: exponential backoff with full jitter, and the server's going_away spread (3 s).
    private static async Task<RelinkClient> LoginAsync(string endpoint, string userId)
    {
        var client = new RelinkClient(new RelinkClientOptions { Server = endpoint, DeviceId = "storm", NetworkChanges = null });
        await client.LoginAsync(userId, Clients.Password);
        return client;
    }

    private void Report(string what, TimeSpan down, TimeSpan stopped, TimeSpan up, (TimeSpan At, TimeSpan Delay)[] lost, TimeSpan[] attempts, TimeSpan[] resumed, int resumedTwice)
    {
        var lines = new List<string>
        {
            $"reconnect storm ({what}): server stopping at {down.TotalSeconds:0.00} s, stopped at {stopped.TotalSeconds:0.00} s, up again at {up.TotalSeconds:0.00} s",
            $"links lost between {lost.Min(l => l.At).TotalSeconds:0.00} and {lost.Max(l => l.At).TotalSeconds:0.00} s; first waits from {lost.Min(l => l.Delay).TotalSeconds:0.00} to {lost.Max(l => l.Delay).TotalSeconds:0.00} s",
            $"attempts: {attempts.Length} ({(double)attempts.Length / resumed.Length:0.00} per client); all resumed by {resumed.Max().TotalSeconds:0.00} s " +
            $"(median {Median(resumed).TotalSeconds:0.00} s, {(resumed.Max() - up).TotalSeconds:0.00} s after the server was back); {resumedTwice} clients resumed more than once",
            "attempts per 250 ms from the stop (t = seconds after the server began to stop):",
        };
        foreach (var bucket in attempts.GroupBy(a => (int)((a - down).TotalMilliseconds / 250)).OrderBy(g => g.Key))
        {
            double from = bucket.Key * 0.25;
            int resumedInBucket = resumed.Count(r => (int)((r - down).TotalMilliseconds / 250) == bucket.Key);
            lines.Add($"  t={from,6:0.00} s  {bucket.Count(),5} attempts ({bucket.Count() * 4,6}/s)  {resumedInBucket,5} resumed  {new string('#', Math.Min(80, (bucket.Count() + 4) / 5))}");
        }

        foreach (string line in lines)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }
    }

    private static TimeSpan Median(TimeSpan[] values) => values.Order().ElementAt(values.Length / 2);

    /// <summary>The server under the storm, in-process (graceful stop) or as a process (SIGKILL).</summary>
    private sealed record StormServer(string Endpoint, Func<Task> StopAsync, Func<Task> StartAgainAsync, Func<ValueTask> Dispose) : IAsyncDisposable
    {
        public static StormServer Of(TestServer server) => new(server.TcpEndpoint, server.StopAsync, server.StartAgainAsync, server.DisposeAsync);

        public static StormServer Of(ServerProcess server) => new(server.TcpEndpoint, server.KillAsync, server.StartAgainAsync, server.DisposeAsync);

        public ValueTask DisposeAsync() => Dispose();
    }
}
