namespace Relink.Storage;

/// <summary>
/// The cluster's session directory and node leases, in the shared store (PostgreSQL): which node holds which
/// logged-in session, and which nodes are alive. A node renews its lease now and then; a node that stops renewing
/// (killed) is dead once its lease ends, and its sessions stop counting.
/// </summary>
public interface IClusterDirectory
{
    /// <summary>Holds (or extends) <paramref name="nodeId"/>'s lease until <paramref name="until"/>.</summary>
    /// <returns>
    /// Whether the node was still in the directory; false when it is new, or another node took it over as dead
    /// (it stalled past its lease) and its sessions are no longer listed.
    /// </returns>
    Task<bool> RenewNodeLeaseAsync(string nodeId, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets every session listed for <paramref name="nodeId"/> (a node starting again holds none yet) and returns
    /// them: its previous run's, whose users may need announcing offline.
    /// </summary>
    Task<IReadOnlyList<OrphanedSession>> ClearNodeSessionsAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes every node whose lease ended at or before <paramref name="now"/> off the directory, with its sessions,
    /// and returns those sessions. Of several nodes asking at once, exactly one gets each dead node's sessions (the
    /// store orders them), so one node speaks for the users a dead node left.
    /// </summary>
    Task<IReadOnlyList<OrphanedSession>> TakeOverDeadNodesAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The live nodes (lease past <paramref name="now"/>) with their listed sessions, and the users online on any (each once).</summary>
    Task<ClusterHeadcount> CountLiveSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the users with a session on a live node whose id or nickname contains <paramref name="query"/>
    /// (any case; empty: all), ordered by id, with how many match in all.
    /// </summary>
    Task<LiveUserPage> ListLiveUsersAsync(string query, DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>Lists a session on its node; adding one twice is the same as once.</summary>
    Task AddSessionAsync(ClusterSessionRecord session, CancellationToken cancellationToken = default);

    /// <summary>Takes a session off the list; a no-op when it is not there.</summary>
    Task RemoveSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The listed sessions of these users on nodes whose lease lasts past <paramref name="now"/>.</summary>
    Task<IReadOnlyList<ClusterSessionRecord>> ListLiveSessionsAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A logged-in session in the directory: session ids are time-ordered, later logins sort after earlier ones.</summary>
public sealed record ClusterSessionRecord(string SessionId, string UserId, string DeviceId, string NodeId);

/// <summary>A session a node left behind (it died, or started again), with when that node's lease ended (null: unknown).</summary>
public sealed record OrphanedSession(ClusterSessionRecord Session, DateTimeOffset? LeaseEnded);

/// <summary>One live node's share of the directory.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Sessions">Logged-in sessions it lists.</param>
/// <param name="LeaseUntil">When its lease ends unless renewed.</param>
public sealed record NodeHeadcount(string NodeId, int Sessions, DateTimeOffset LeaseUntil);

/// <summary>The live nodes and who is online on them.</summary>
/// <param name="Nodes">Each live node, by id.</param>
/// <param name="Users">Distinct users with a session on any live node (a user on two nodes counts once).</param>
public sealed record ClusterHeadcount(IReadOnlyList<NodeHeadcount> Nodes, int Users)
{
    /// <summary>Logged-in sessions on every live node.</summary>
    public int Sessions => Nodes.Sum(n => n.Sessions);
}

/// <summary>A user online on some live node, with their sessions there.</summary>
public sealed record LiveUser(string UserId, string Nickname, IReadOnlyList<ClusterSessionRecord> Sessions);

/// <summary>A page of <see cref="LiveUser"/>s and how many match in all.</summary>
public sealed record LiveUserPage(IReadOnlyList<LiveUser> Users, int Total);
