namespace Relink.Server.Configuration;

public sealed partial class RelinkServerOptions
{
    // ---- cluster (scale-out: several nodes on one PostgreSQL and one NATS)

    /// <summary>
    /// The NATS server that carries pushes between nodes (<c>nats://host:4222</c>). Null (the default): one node,
    /// pushes stay in this process. Needs <see cref="Postgres"/>: nodes cannot share SQLite.
    /// </summary>
    public string? Nats { get; set; }

    /// <summary>This node's name in logs, on the bus and in the store. Null: the host name and the TCP port.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// How long a node's lease in the store lasts after each renewal: a node that stops renewing (killed) counts as
    /// dead this long after its last renewal, and its sessions stop counting then.
    /// </summary>
    public TimeSpan NodeLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a node renews its lease and reconciles its sessions against the store's session directory (a
    /// kick the bus lost is enforced then). At most a third of <see cref="NodeLease"/>.
    /// </summary>
    public TimeSpan ClusterReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The node id actually used: <see cref="NodeId"/>, or the host name and TCP port.</summary>
    public string EffectiveNodeId => NodeId ?? $"{Environment.MachineName}:{TcpPort}";

    private void LoadCluster(IConfiguration section)
    {
        Nats = section[nameof(Nats)] is { Length: > 0 } nats ? nats : null;
        NodeId = section[nameof(NodeId)] is { Length: > 0 } node ? node.Trim() : null;
        NodeLease = Time(section, nameof(NodeLease)) ?? NodeLease;
        ClusterReconcileInterval = Time(section, nameof(ClusterReconcileInterval)) ?? ClusterReconcileInterval;
    }

    private void ValidateCluster()
    {
        Require(Nats is null || (Uri.TryCreate(Nats, UriKind.Absolute, out var uri) && uri.Scheme is "nats" or "tls"),
            $"Nats must be a URL such as nats://127.0.0.1:4222, not '{Nats}'");
        Require(Nats is null || Postgres is not null,
            "Nats needs Postgres: several nodes must share one PostgreSQL store (SQLite is one node's file). Set --postgres, or drop --nats for a single node");
        Require(ClusterReconcileInterval >= TimeSpan.FromMilliseconds(100) && NodeLease >= ClusterReconcileInterval * 3,
            "ClusterReconcileInterval must be at least 100ms and NodeLease at least three times it");
        Require(NodeId is null || (NodeId.Length <= 64 && NodeId.All(c => c > ' ' && c < 127)), "NodeId must be 1..64 printable ASCII characters without spaces");
    }
}
