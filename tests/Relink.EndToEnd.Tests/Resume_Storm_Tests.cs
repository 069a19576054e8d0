using System.Diagnostics;
using Relink.Client;
using Relink.Testing;
using Relink.Testing.Postgres;
using Relink.Testing.Server;
using Xunit.Abstractions;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// A storm of resumes (what a node's death sends to the survivors) against a node on PostgreSQL with a deliberately
/// small pool: the node lets a few in at a time and tells the others when to come back, so every client is back,
/// and a client already in, busy with the store, keeps its link (its pings are answered) throughout.
/// </summary>
public sealed class Resume_Storm_Tests(ITestOutputHelper output)
{
    private const int Clients = 120;

    [Fact]
    public async Task A_burst_of_resumes_against_a_five_connection_pool_ends_with_every_client_back_and_pings_answered_meanwhile()
    {
        var postgres = await PostgresServer.SharedAsync();
        string database = await postgres.CreateDatabaseAsync();
        string smallPool = postgres.ConnectionString(database) + ";Maximum Pool Size=5";
        // A 10 s dead-link timeout, as generous as a loaded box needs; the pool's own wait is 5 s (Timeout=5).
        await using var server = await ServerProcess.StartAsync(["--postgres", smallPool, "--heartbeat-interval", "1s", "--heartbeat-timeout", "10s", "--sweep-interval", "250ms",
            "--Relink:Limits:MaxConnectionsPerAddress=0", "--Relink:Limits:MaxAnonymousPerAddress=0"]); // every client is on 127.0.0.1
        string[] ids = await ReconnectKit.RegisterAsync(server.TcpEndpoint, Enumerable.Repeat("storm", Clients + 1));
        await using var proxy = TcpFaultProxy.Start(server.TcpPort);

        var stormers = new List<RelinkClient>();
        try
        {
            foreach (var batch in ids.Take(Clients).Chunk(10))
            {
                stormers.AddRange(await Task.WhenAll(batch.Select(id => ReconnectKit.LoginAsync(ReconnectKit.Via(proxy), id))));
            }

            // Beside the storm, on its own link: a client that keeps the store busy and pings.
            await using var watcher = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[Clients]);
            var watch = new SessionWatch(watcher);

            int back = 0;
            foreach (var client in stormers)
            {
                client.Resumed += (_, _) => Interlocked.Increment(ref back);
            }

            proxy.ResetAll(); // every stormer's link at once: they all resume together
            var since = Stopwatch.StartNew();
            TimeSpan slowestPing = TimeSpan.Zero;
            int pings = 0;
            while ((Volatile.Read(ref back) < Clients || stormers.Any(c => c.State is not ConnectionState.Connected)) && since.Elapsed < Eventually.DefaultTimeout * 2)
            {
                var friends = watcher.GetFriendsAsync(); // store-bound, ahead of the ping on the same link
                var rtt = Stopwatch.StartNew();
                await watcher.PingAsync().WaitAsync(TimeSpan.FromSeconds(8));
                slowestPing = rtt.Elapsed > slowestPing ? rtt.Elapsed : slowestPing;
                pings++;
                await friends.WaitAsync(TimeSpan.FromSeconds(30));
            }

            output.WriteLine($"{Clients} clients back {since.Elapsed.TotalSeconds:0.0} s after the reset; {pings} pings meanwhile, the slowest answered in {slowestPing.TotalMilliseconds:0} ms");
            Volatile.Read(ref back).ShouldBe(Clients, "every client of the storm resumed once");
            stormers.Count(c => c.State is ConnectionState.Connected).ShouldBe(Clients, "every client of the storm is back");
            watch.States.ShouldBeEmpty("the client beside the storm never lost its link");
        }
        catch (Exception)
        {
            output.WriteLine(server.Output);
            throw;
        }
        finally
        {
            await Task.WhenAll(stormers.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
