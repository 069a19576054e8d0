using System.Net;
using Relink.Client;
using Relink.Testing;
using Relink.Testing.Nats;
using Relink.Testing.Postgres;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// A session is reachable from every node before its login state is read: a message another node stores right
/// after the login answer is pushed, even when this node's subscription on the bus is slow to take effect.
/// </summary>
public sealed class Cluster_Subscription_Tests
{
    // Longer than a send from the other node takes on a loaded box, so that without the wait for the subscription the
    // message would reach the bus before it; well under the login deadline (10 s).
    private static readonly TimeSpan BusLatency = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_message_stored_on_another_node_right_after_a_login_answer_is_pushed_even_when_the_bus_is_slow_to_subscribe()
    {
        await using var postgres = await PostgresServer.StartAsync();
        string database = postgres.ConnectionString(await postgres.CreateDatabaseAsync());
        await using var nats = await NatsServer.StartAsync();
        // Node 1 reaches the bus through a proxy that delays what it sends (its subscriptions among it).
        await using var slowLink = TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, nats.Port));
        string[] common = [.. ServerCluster.QuickFlags, .. ServerCluster.ClusterFlags, "--postgres", database];
        await using var node0 = await ServerProcess.StartAsync([.. common, "--nats", nats.Url, "--node-id", "node0"]);
        await using var node1 = await ServerProcess.StartAsync([.. common, "--nats", $"nats://127.0.0.1:{slowLink.Port}", "--node-id", "node1"]);
        string[] ids = await ReconnectKit.FriendsAsync(node0.TcpEndpoint, "sann", "sbob");
        await using var ann = await ReconnectKit.LoginAsync(node0.TcpEndpoint, ids[0]);

        slowLink.Delay(BusLatency, ProxyDirection.ToServer);
        // No periodic sync: only the push (or the login answer) can bring the message within the test's deadline.
        await using var bob = await ReconnectKit.LoginAsync(node1.TcpEndpoint, ids[1], configure: o => o with { SyncInterval = null });
        await ann.SendTextAsync(Peers.User(ids[1]), "right after your login");

        (await ReceivedTexts.NextAsync(bob, 1)).ShouldBe(["right after your login"], node1.Output);
    }
}
