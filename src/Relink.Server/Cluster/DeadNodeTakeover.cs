using Relink.Server.Configuration;
using Relink.Server.Presence;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Cluster;

/// <summary>
/// Speaks for the users a dead node left: on each reconcile pass, this node takes the nodes whose lease has ended
/// off the store's directory with their sessions (the store gives each dead node to exactly one caller, so friends
/// hear one OFFLINE, not one per surviving node), and hands their users to the <see cref="PresenceTracker"/>, which
/// announces OFFLINE for those no live node holds once the usual silence has passed. A node starting again does the
/// same for the sessions its previous run left.
/// </summary>
/// <remarks>
/// One node announcing for every friend (each OFFLINE goes to the friend's bus subject, reaching whichever node holds
/// them) rather than each node for the friends it holds: the latter would need every node to read every dead user's
/// friends, and to agree when to drop the dead rows. A node takes over only on a pass whose previous renewal also
/// reached the store: after a store outage every lease may have run out, and each node then gets one interval to
/// renew its own before any node takes it for dead.
/// </remarks>
/// <param name="store">The directory, which gives each dead node to one caller.</param>
/// <param name="presence">Announces the users taken over offline when due.</param>
/// <param name="options">The node lease and reconcile interval.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">For the takeovers.</param>
/// <param name="tellOthers">
/// Tells the other nodes each user taken over and when they were last heard: a node that has an OFFLINE of the user
/// pending from before the user's login on the dead node would otherwise announce an earlier last-seen.
/// </param>
public sealed partial class DeadNodeTakeover(
    IClusterDirectory store, PresenceTracker presence, RelinkServerOptions options, TimeProvider time, ILogger<DeadNodeTakeover> logger,
    Action<string, DateTimeOffset>? tellOthers = null)
{
    private DateTimeOffset? _previousRenewal;

    /// <summary>
    /// Called after each attempt to renew this node's lease (<paramref name="renewed"/>: whether it reached the store).
    /// Takes over the dead nodes when this renewal and the one before it both did.
    /// </summary>
    public async Task AfterRenewalAsync(bool renewed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        bool steady = renewed && _previousRenewal is { } previous && now - previous <= options.ClusterReconcileInterval * 2;
        _previousRenewal = renewed ? now : null;
        if (steady)
        {
            var left = await store.TakeOverDeadNodesAsync(now, cancellationToken);
            if (left.Count > 0)
            {
                LogTakenOver(string.Join(", ", left.Select(s => s.Session.NodeId).Distinct()), left.Count);
                HandOver(left, now);
            }
        }
    }

    /// <summary>At start: the sessions this node's previous run left in the directory (none after a clean stop).</summary>
    public void LeftByPreviousRun(IReadOnlyList<OrphanedSession> left)
    {
        if (left.Count > 0)
        {
            LogPreviousRun(left.Count);
            HandOver(left, time.GetUtcNow());
        }
    }

    /// <summary>
    /// This node was itself taken for dead (it stalled past its lease): friends of its users may have been told they
    /// went offline, so they are told again that they are online.
    /// </summary>
    public async Task AnnounceAgainAsync(IReadOnlyCollection<string> userIds)
    {
        try
        {
            await presence.AnnounceOnlineAgainAsync(userIds);
        }
        catch (Exception e) when (e is StoreUnavailableException or OperationCanceledException)
        {
            LogAnnounceAgainFailed(e.Message);
        }
    }

    private void HandOver(IReadOnlyList<OrphanedSession> left, DateTimeOffset now)
    {
        foreach (var user in left.GroupBy(s => s.Session.UserId, StringComparer.Ordinal))
        {
            var lastHeard = user.Max(s => LastHeard(s, now));
            lastHeard = lastHeard < now ? lastHeard : now;
            presence.LeftBehind(user.Key, lastHeard);
            tellOthers?.Invoke(user.Key, lastHeard);
        }
    }

    // The node renewed its lease for NodeLease at its last renewal, so it was last known alive (and its clients last
    // heard, within one heartbeat) about then; a session that logged in after that renewal was heard at its login.
    // Without a lease row (never renewed) the clients were last heard now at most.
    private DateTimeOffset LastHeard(OrphanedSession left, DateTimeOffset now)
    {
        if (left.LeaseEnded is not { } ended)
        {
            return now;
        }

        var renewed = ended - options.NodeLease;
        return SessionIds.LoggedInAt(left.Session.SessionId) is { } login && login > renewed ? login : renewed;
    }

    [LoggerMessage(EventId = 8060, Level = LogLevel.Warning, Message = "Took over dead node(s) {Nodes}: {Sessions} sessions; their users are announced offline unless back elsewhere")]
    private partial void LogTakenOver(string nodes, int sessions);

    [LoggerMessage(EventId = 8063, Level = LogLevel.Warning, Message = "Could not announce this node's users online again: {Reason}")]
    private partial void LogAnnounceAgainFailed(string reason);

    [LoggerMessage(EventId = 8061, Level = LogLevel.Information, Message = "This node's previous run left {Sessions} sessions; their users are announced offline unless back")]
    private partial void LogPreviousRun(int sessions);
}
