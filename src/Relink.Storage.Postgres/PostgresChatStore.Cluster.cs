using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public Task RenewNodeLeaseAsync(string nodeId, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Sql("""
                    INSERT INTO cluster_nodes (node_id, lease_until) VALUES (@node, @until)
                    ON CONFLICT (node_id) DO UPDATE SET lease_until = excluded.lease_until
                    """)
                .With("node", nodeId)
                .With("until", UnixTime.ToMillis(until))
                .ExecuteAsync(s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task ClearNodeSessionsAsync(string nodeId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Sql("DELETE FROM cluster_sessions WHERE node_id = @node").With("node", nodeId).ExecuteAsync(s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task AddSessionAsync(ClusterSessionRecord session, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Sql("""
                    INSERT INTO cluster_sessions (session_id, user_id, device_id, node_id) VALUES (@session, @user, @device, @node)
                    ON CONFLICT (session_id) DO NOTHING
                    """)
                .With("session", session.SessionId)
                .With("user", session.UserId)
                .With("device", session.DeviceId)
                .With("node", session.NodeId)
                .ExecuteAsync(s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task RemoveSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            s => s.Sql("DELETE FROM cluster_sessions WHERE session_id = @session").With("session", sessionId).ExecuteAsync(s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClusterSessionRecord>> ListLiveSessionsAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        userIds.Count == 0 ? [] : await ReadAsync(
            s => s.Sql("""
                    SELECT cs.session_id, cs.user_id, cs.device_id, cs.node_id
                    FROM cluster_sessions cs JOIN cluster_nodes n ON n.node_id = cs.node_id
                    WHERE cs.user_id = ANY(@users) AND n.lease_until > @now
                    ORDER BY cs.session_id COLLATE "C"
                    """)
                .With("users", userIds.ToArray())
                .With("now", UnixTime.ToMillis(now))
                .ReadListAsync(r => new ClusterSessionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), s.CancellationToken),
            cancellationToken);
}
