namespace Relink.Storage;

/// <summary>
/// The cluster's session directory and node leases, in the shared store (PostgreSQL): which node holds which
/// logged-in session, and which nodes are alive. A node renews its lease now and then; a node that stops renewing
/// (killed) is dead once its lease ends, and its sessions stop counting.
/// </summary>
public interface IClusterDirectory
{
    /// <summary>Holds (or extends) <paramref name="nodeId"/>'s lease until <paramref name="until"/>.</summary>
    Task RenewNodeLeaseAsync(string nodeId, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Forgets every session listed for <paramref name="nodeId"/> (a node starting again holds none yet).</summary>
    Task ClearNodeSessionsAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Lists a session on its node; adding one twice is the same as once.</summary>
    Task AddSessionAsync(ClusterSessionRecord session, CancellationToken cancellationToken = default);

    /// <summary>Takes a session off the list; a no-op when it is not there.</summary>
    Task RemoveSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The listed sessions of these users on nodes whose lease lasts past <paramref name="now"/>.</summary>
    Task<IReadOnlyList<ClusterSessionRecord>> ListLiveSessionsAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A logged-in session in the directory: session ids are time-ordered, later logins sort after earlier ones.</summary>
public sealed record ClusterSessionRecord(string SessionId, string UserId, string DeviceId, string NodeId);
