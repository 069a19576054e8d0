using Relink.Testing.Nats;
using Relink.Testing.Postgres;

namespace Relink.Testing.Server;

/// <summary>
/// Several real server processes on one PostgreSQL and one NATS, behind a round-robin proxy (a load balancer
/// without sticky sessions): the multi-node fixture. The PostgreSQL and NATS servers are the cluster's own, so a
/// test may stop either. Short heartbeats, so a dead node shows in seconds.
/// </summary>
public sealed class ServerCluster : IAsyncDisposable
{
    /// <summary>Short heartbeats and a quick goodbye spread, as the reconnect tests use.</summary>
    public static readonly string[] QuickFlags = ["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s", "--sweep-interval", "250ms", "--Relink:GoingAwaySpread=500ms"];

    private ServerCluster(PostgresServer postgres, string database, NatsServer nats, ServerProcess[] nodes, TcpFaultProxy balancer)
    {
        Postgres = postgres;
        Database = database;
        Nats = nats;
        Nodes = nodes;
        Balancer = balancer;
    }

    /// <summary>The shared store's server.</summary>
    public PostgresServer Postgres { get; }

    /// <summary>The database the nodes share.</summary>
    public string Database { get; }

    /// <summary>The bus.</summary>
    public NatsServer Nats { get; }

    /// <summary>The nodes, named node0, node1, …</summary>
    public IReadOnlyList<ServerProcess> Nodes { get; }

    /// <summary>The round-robin proxy in front of the nodes' TCP ports.</summary>
    public TcpFaultProxy Balancer { get; }

    /// <summary>"127.0.0.1:port" of the balancer.</summary>
    public string Endpoint => $"127.0.0.1:{Balancer.Port}";

    /// <summary>Starts PostgreSQL, NATS and <paramref name="nodes"/> nodes (in parallel), then the balancer.</summary>
    public static async Task<ServerCluster> StartAsync(int nodes = 3, params string[] extraArgs)
    {
        var postgres = await PostgresServer.StartAsync();
        string database = await postgres.CreateDatabaseAsync();
        var nats = await NatsServer.StartAsync();
        // The first node migrates the empty database alone; the others then start together (they would wait on
        // the migration lock anyway, and a loaded box starts them faster one after the other than all at once).
        var first = await StartNodeAsync(postgres, database, nats, 0, extraArgs);
        var others = await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(i => StartNodeAsync(postgres, database, nats, i, extraArgs)));
        ServerProcess[] all = [first, .. others];
        return new ServerCluster(postgres, database, nats, all, TcpFaultProxy.StartRoundRobin(all.Select(n => n.TcpPort)));
    }

    private static Task<ServerProcess> StartNodeAsync(PostgresServer postgres, string database, NatsServer nats, int index, string[] extraArgs) =>
        ServerProcess.StartAsync(["--postgres", postgres.ConnectionString(database), "--nats", nats.Url, "--node-id", $"node{index}", .. QuickFlags, .. ClusterFlags, .. extraArgs]);

    /// <summary>A lost kick is reconciled within half a second, a dead node's sessions stop counting after 2 s.</summary>
    public static readonly string[] ClusterFlags = ["--cluster-reconcile-interval", "500ms", "--node-lease", "2s"];

    /// <summary>Everything the nodes printed, for a failure message.</summary>
    public string Output => string.Join("\n", Nodes.Select((n, i) => $"--- node{i}\n{n.Output}"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Balancer.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Nats.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
