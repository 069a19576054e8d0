using Relink.Testing.Server;

namespace Relink.Testing.Chaos;

/// <summary>
/// What the chaos clients talk to, behind the fault proxy: one server process on SQLite, or several nodes on one
/// PostgreSQL and one NATS behind a round-robin balancer. Applies the faults that hit the servers rather than the links.
/// </summary>
internal sealed class ChaosTarget : IAsyncDisposable
{
    /// <summary>Flags for every server: no send or login budgets for the harness's bursts and reconnects to trip.</summary>
    private static readonly string[] ChaosFlags = ["--Relink:Limits:SendBurst=0", "--Relink:Limits:LoginBurstPerAccount=0"];

    private readonly ServerProcess? _server;
    private readonly ServerCluster? _cluster;
    private int _nodeKills;

    private ChaosTarget(ServerProcess? server, ServerCluster? cluster, TcpFaultProxy proxy)
    {
        _server = server;
        _cluster = cluster;
        Proxy = proxy;
    }

    /// <summary>The fault proxy the clients connect through (the cluster's balancer, for a cluster).</summary>
    public TcpFaultProxy Proxy { get; }

    /// <summary>Where the setup (registration, friendships, the group) goes, straight to a server.</summary>
    public string SetupEndpoint => _server?.TcpEndpoint ?? _cluster!.Nodes[0].TcpEndpoint;

    /// <summary>"one server on SQLite" or "3 nodes on PostgreSQL and NATS", for the log.</summary>
    public string Description => _cluster is null ? "one server on SQLite" : $"{_cluster.Nodes.Count} nodes on PostgreSQL and NATS";

    /// <summary>Starts one server (<paramref name="nodes"/> 0) or a cluster of that many nodes, and the proxy in front.</summary>
    public static async Task<ChaosTarget> StartAsync(int nodes)
    {
        if (nodes == 0)
        {
            var server = await ServerProcess.StartAsync(
            [
                "--heartbeat-interval", "1s", "--heartbeat-timeout", "3s", "--sweep-interval", "250ms",
                "--Relink:GoingAwaySpread=300ms", .. ChaosFlags,
            ]);
            return new ChaosTarget(server, null, TcpFaultProxy.Start(server.TcpPort));
        }

        // The cluster's own flags: heartbeat 1 s / 3 s, as the single server's, and a short reconcile and lease.
        var cluster = await ServerCluster.StartAsync(nodes, ChaosFlags);
        return new ChaosTarget(null, cluster, cluster.Balancer);
    }

    /// <summary>Whether <paramref name="kind"/> applies to a target of <paramref name="nodes"/> nodes (0: one server).</summary>
    public static bool Supports(int nodes, FaultKind kind) => kind switch
    {
        FaultKind.KillServer => nodes == 0,
        _ when FaultKinds.NeedsCluster(kind) => nodes >= 2,
        _ => true,
    };

    /// <summary>
    /// Applies a server-side fault for <paramref name="duration"/> and ends it: kills and restarts the server or a
    /// node, or stops and restarts the bus or the store. Returns what it did, for the log.
    /// </summary>
    public async Task<string> ApplyAsync(FaultKind kind, TimeSpan duration)
    {
        switch (kind)
        {
            case FaultKind.KillServer:
                await _server!.KillAsync();
                await _server.StartAgainAsync();
                return "server restarted";
            case FaultKind.KillNode:
                // The nodes in turn, so two kills never hit the same node while another is spared.
                int index = _nodeKills++ % _cluster!.Nodes.Count;
                var node = _cluster.Nodes[index];
                await node.KillAsync();
                await Task.Delay(duration);
                await node.StartAgainAsync();
                return $"node{index} restarted";
            case FaultKind.RestartBus:
                await _cluster!.Nats.KillAsync();
                await Task.Delay(duration);
                await _cluster.Nats.StartAgainAsync();
                return "nats-server restarted";
            case FaultKind.RestartStore:
                await _cluster!.Postgres.StopAsync();
                await Task.Delay(duration);
                await _cluster.Postgres.StartAgainAsync();
                return "PostgreSQL restarted";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a server fault");
        }
    }

    /// <summary>Everything the servers printed, for a run that went wrong.</summary>
    public string Output => _server?.Output ?? _cluster!.Output;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            return;
        }

        await Proxy.DisposeAsync();
        await _server!.DisposeAsync();
    }
}
