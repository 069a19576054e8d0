using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public Task<bool> RenewNodeLeaseAsync(string nodeId, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        WriteControlAsync(
            async s =>
            {
                long at = UnixTime.ToMillis(until);
                if (await s.Sql("UPDATE cluster_nodes SET lease_until = @until WHERE node_id = @node").With("node", nodeId).With("until", at).ExecuteAsync(s.CancellationToken) > 0)
                {
                    return true;
                }

                await s.Sql("""
                        INSERT INTO cluster_nodes (node_id, lease_until) VALUES (@node, @until)
                        ON CONFLICT (node_id) DO UPDATE SET lease_until = excluded.lease_until
                        """)
                    .With("node", nodeId)
                    .With("until", at)
                    .ExecuteAsync(s.CancellationToken);
                return false;
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrphanedSession>> ClearNodeSessionsAsync(string nodeId, CancellationToken cancellationToken = default) =>
        await WriteControlAsync(
            s => s.Sql("""
                    WITH gone AS (DELETE FROM cluster_sessions WHERE node_id = @node RETURNING session_id, user_id, device_id, node_id)
                    SELECT g.session_id, g.user_id, g.device_id, g.node_id, n.lease_until
                    FROM gone g LEFT JOIN cluster_nodes n ON n.node_id = g.node_id
                    ORDER BY g.session_id COLLATE "C"
                    """)
                .With("node", nodeId)
                .ReadListAsync(Orphan, s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrphanedSession>> TakeOverDeadNodesAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await WriteControlAsync(
            // Deleting the node row locks it: a second node running this at the same time waits, then finds the row
            // gone and takes nothing, so each dead node's sessions go to exactly one caller.
            s => s.Sql("""
                    WITH dead AS (DELETE FROM cluster_nodes WHERE lease_until <= @now RETURNING node_id, lease_until),
                    gone AS (
                        DELETE FROM cluster_sessions cs USING dead WHERE cs.node_id = dead.node_id
                        RETURNING cs.session_id, cs.user_id, cs.device_id, cs.node_id, dead.lease_until)
                    SELECT session_id, user_id, device_id, node_id, lease_until FROM gone ORDER BY session_id COLLATE "C"
                    """)
                .With("now", UnixTime.ToMillis(now))
                .ReadListAsync(Orphan, s.CancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<ClusterHeadcount> CountLiveSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async s =>
            {
                long at = UnixTime.ToMillis(now);
                var nodes = await s.Sql("""
                        SELECT n.node_id, COUNT(cs.session_id), n.lease_until
                        FROM cluster_nodes n LEFT JOIN cluster_sessions cs ON cs.node_id = n.node_id
                        WHERE n.lease_until > @now
                        GROUP BY n.node_id, n.lease_until
                        ORDER BY n.node_id COLLATE "C"
                        """)
                    .With("now", at)
                    .ReadListAsync(r => new NodeHeadcount(r.GetString(0), (int)r.GetInt64(1), UnixTime.FromMillis(r.GetInt64(2))), s.CancellationToken);
                // Both read every live session (the distinct users hash each one's user id): a few hundred ms for
                // 60,000 sessions on a busy box, so each node pays it once per reconcile pass, never per request.
                long users = await s.Sql("""
                        SELECT COUNT(*) FROM (
                            SELECT DISTINCT cs.user_id
                            FROM cluster_sessions cs JOIN cluster_nodes n ON n.node_id = cs.node_id
                            WHERE n.lease_until > @now) live
                        """)
                    .With("now", at)
                    .ScalarInt64Async(s.CancellationToken) ?? 0;
                return new ClusterHeadcount(nodes, (int)users);
            },
            cancellationToken,
            snapshot: true);

    /// <inheritdoc />
    public Task<LiveUserPage> ListLiveUsersAsync(string query, DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        string filter = UserMatch.Clause(query);
        return ReadAsync(
            async s =>
            {
                // Each live user's sessions as parallel arrays, a page of users at a time, with the total alongside.
                var command = s.Sql($"""
                        SELECT u.user_id, u.nickname, array_agg(cs.session_id ORDER BY cs.session_id COLLATE "C"),
                               array_agg(cs.device_id ORDER BY cs.session_id COLLATE "C"), array_agg(cs.node_id ORDER BY cs.session_id COLLATE "C"),
                               COUNT(*) OVER ()
                        FROM cluster_sessions cs
                        JOIN cluster_nodes n ON n.node_id = cs.node_id
                        JOIN users u ON u.user_id = cs.user_id
                        WHERE n.lease_until > @now {filter}
                        GROUP BY u.user_id, u.nickname
                        ORDER BY u.user_id COLLATE "C"
                        LIMIT @take OFFSET @skip
                        """)
                    .With("now", UnixTime.ToMillis(now))
                    .With("take", limit)
                    .With("skip", offset)
                    .WithUserMatch(query);

                long total = 0;
                var users = await command.ReadListAsync(
                    r =>
                    {
                        total = r.GetInt64(5);
                        string userId = r.GetString(0);
                        string[] sessionIds = r.GetFieldValue<string[]>(2), devices = r.GetFieldValue<string[]>(3), nodes = r.GetFieldValue<string[]>(4);
                        return new LiveUser(userId, r.GetString(1), [.. sessionIds.Select((id, i) => new ClusterSessionRecord(id, userId, devices[i], nodes[i]))]);
                    },
                    s.CancellationToken);
                // A page past the end has no row to carry the total: count again (rare; the console asks page by page).
                if (users.Count == 0 && offset > 0)
                {
                    var count = s.Sql($"""
                            SELECT COUNT(DISTINCT u.user_id) FROM cluster_sessions cs
                            JOIN cluster_nodes n ON n.node_id = cs.node_id
                            JOIN users u ON u.user_id = cs.user_id
                            WHERE n.lease_until > @now {filter}
                            """)
                        .With("now", UnixTime.ToMillis(now))
                        .WithUserMatch(query);

                    total = await count.ScalarInt64Async(s.CancellationToken) ?? 0;
                }

                return new LiveUserPage(users, (int)total);
            },
            cancellationToken,
            snapshot: true);
    }

    private static OrphanedSession Orphan(Npgsql.NpgsqlDataReader r) => new(
        new ClusterSessionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
        r.IsDBNull(4) ? null : UnixTime.FromMillis(r.GetInt64(4)));

    /// <inheritdoc />
    public Task AddSessionAsync(ClusterSessionRecord session, CancellationToken cancellationToken = default) =>
        WriteControlOneAsync(
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
        WriteControlOneAsync(
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
