using System.Net;
using Relink.Client;
using Relink.Testing;
using Relink.Testing.Nats;
using Relink.Testing.Postgres;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// A node's bus subscription takes effect some time after the node asks for it; nothing stored on another node in
/// that time is lost to a session here: a login reads its state only once its subscriptions are in effect, and a
/// group joined mid-session is caught up from the store once its subject is routed here. Node 1 reaches the bus
/// through a proxy that delays what it sends (its subscriptions among it); the clients' periodic sync is off, so
/// only a push can bring a message within the test's deadline.
/// </summary>
public sealed class Cluster_Subscription_Tests
{
    // Longer than a send from the other node takes on a loaded box, so that without the wait the message would reach
    // the bus before the subscription; well under the login deadline (10 s).
    private static readonly TimeSpan BusLatency = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_message_stored_on_another_node_right_after_a_login_answer_is_pushed_even_when_the_bus_is_slow_to_subscribe()
    {
        await using var cluster = await TwoNodes.StartAsync();
        string[] ids = await ReconnectKit.FriendsAsync(cluster.Node0.TcpEndpoint, "sann", "sbob");
        await using var ann = await ReconnectKit.LoginAsync(cluster.Node0.TcpEndpoint, ids[0]);

        cluster.SlowBusLink.Delay(BusLatency, ProxyDirection.ToServer);
        await using var bob = await ReconnectKit.LoginAsync(cluster.Node1.TcpEndpoint, ids[1], configure: NoPeriodicSync);
        await ann.SendTextAsync(Peers.User(ids[1]), "right after your login");

        (await ReceivedTexts.NextAsync(bob, 1)).ShouldBe(["right after your login"], cluster.Node1.Output);
    }

    [Fact]
    public async Task A_group_message_stored_on_another_node_right_after_a_member_joined_reaches_the_member_even_when_the_bus_is_slow_to_subscribe()
    {
        await using var cluster = await TwoNodes.StartAsync();
        string[] ids = await ReconnectKit.FriendsAsync(cluster.Node0.TcpEndpoint, "gsann", "gsbob");
        await using var ann = await ReconnectKit.LoginAsync(cluster.Node0.TcpEndpoint, ids[0]);
        await using var bob = await ReconnectKit.LoginAsync(cluster.Node1.TcpEndpoint, ids[1], configure: NoPeriodicSync);

        cluster.SlowBusLink.Delay(BusLatency, ProxyDirection.ToServer);
        var group = await ann.CreateGroupAsync("joined just now", [ids[1]]);
        await ann.SendTextAsync(Peers.Group(group.GroupId), "right after you joined");

        (await ReceivedTexts.NextAsync(bob, 1)).ShouldBe(["right after you joined"], cluster.Node1.Output);
    }

    private static RelinkClientOptions NoPeriodicSync(RelinkClientOptions options) => options with { SyncInterval = null };

    /// <summary>Two nodes on one PostgreSQL and one nats-server, node 1's bus link through <see cref="SlowBusLink"/>.</summary>
    private sealed class TwoNodes : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _parts = [];

        public ServerProcess Node0 { get; private set; } = null!;

        public ServerProcess Node1 { get; private set; } = null!;

        public TcpFaultProxy SlowBusLink { get; private set; } = null!;

        public static async Task<TwoNodes> StartAsync()
        {
            var cluster = new TwoNodes();
            try
            {
                var postgres = cluster.Own(await PostgresServer.StartAsync());
                string database = postgres.ConnectionString(await postgres.CreateDatabaseAsync());
                var nats = cluster.Own(await NatsServer.StartAsync());
                cluster.SlowBusLink = cluster.Own(TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, nats.Port)));
                string[] common = [.. ServerCluster.QuickFlags, .. ServerCluster.ClusterFlags, "--postgres", database];
                cluster.Node0 = cluster.Own(await ServerProcess.StartAsync([.. common, "--nats", nats.Url, "--node-id", "node0"]));
                cluster.Node1 = cluster.Own(await ServerProcess.StartAsync([.. common, "--nats", $"nats://127.0.0.1:{cluster.SlowBusLink.Port}", "--node-id", "node1"]));
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Nodes first, then the proxy, the bus and the store they used.
            for (int i = _parts.Count - 1; i >= 0; i--)
            {
                await _parts[i].DisposeAsync();
            }
        }

        private T Own<T>(T part)
            where T : IAsyncDisposable
        {
            _parts.Add(part);
            return part;
        }
    }
}
