using Relink.Server.Configuration;
using Relink.Storage;

namespace Relink.Server.Cluster;

/// <summary>
/// The cluster's headcount (live nodes, users and sessions online on them) as the store's session directory last
/// gave it, for <c>/healthz</c>, the admin console and the server API. Counted once per reconcile pass by
/// <see cref="ClusterDirectory"/> (every <see cref="RelinkServerOptions.ClusterReconcileInterval"/>), never per
/// request: a figure is at most one interval plus the count's own read old. A count older than
/// <see cref="RelinkServerOptions.NodeLease"/> (the node has not reached the store for that long) is not shown.
/// </summary>
public sealed class ClusterCensus(RelinkServerOptions options, TimeProvider time)
{
    private ClusterHeadcountAt? _latest;

    /// <summary>Whether this node runs in a cluster (it has a directory to count), whether or not a count came yet.</summary>
    public bool Clustered { get; private set; }

    /// <summary>The latest headcount while it is fresh enough to show; null on a single node, before the first count, or once stale.</summary>
    public ClusterHeadcountAt? Current =>
        Volatile.Read(ref _latest) is { } latest && time.GetUtcNow() - latest.At < options.NodeLease ? latest : null;

    /// <summary>Marks the node as one of a cluster (from its first pass, so an empty census still says so).</summary>
    public void Join() => Clustered = true;

    /// <summary>Keeps a headcount read from the store at <paramref name="at"/>.</summary>
    public void Record(ClusterHeadcount headcount, DateTimeOffset at)
    {
        Clustered = true;
        Volatile.Write(ref _latest, new ClusterHeadcountAt(headcount, at));
    }
}

/// <summary>A headcount and when the store gave it.</summary>
public sealed record ClusterHeadcountAt(ClusterHeadcount Headcount, DateTimeOffset At);

/// <summary>The cluster's figures as reports show them (healthz, the admin console).</summary>
/// <param name="LiveNodes">Nodes whose lease is running.</param>
/// <param name="Users">Users with a session on a live node (each once).</param>
/// <param name="Sessions">Logged-in sessions on live nodes.</param>
/// <param name="AsOf">When the directory was counted: the figures are at most one reconcile interval older than this.</param>
/// <param name="Nodes">Each live node's sessions.</param>
public sealed record ClusterSummary(int LiveNodes, int Users, int Sessions, DateTimeOffset AsOf, IReadOnlyList<NodeHeadcount> Nodes)
{
    /// <summary>The summary of <paramref name="current"/>, or null when there is none to show.</summary>
    public static ClusterSummary? Of(ClusterHeadcountAt? current) => current is { Headcount: var h, At: var at }
        ? new ClusterSummary(h.Nodes.Count, h.Users, h.Sessions, at, h.Nodes)
        : null;
}
