using System.Threading.Channels;
using Relink.Server.Chat;
using Relink.Server.Configuration;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Cluster;

/// <summary>
/// This node in the store's cluster tables: it lists its logged-in sessions (one writer loop, off the login path),
/// renews its lease every <see cref="RelinkServerOptions.ClusterReconcileInterval"/>, and then reconciles: a session
/// of this node that a later live session of the same account (or device) displaces, per the store, is displaced
/// here. That enforces a kick the bus lost within one interval (plus the listing's own short delay). Each pass also
/// takes over the nodes whose lease has ended (<see cref="DeadNodeTakeover"/>) and counts who is online on the live
/// ones (<see cref="ClusterCensus"/>).
/// </summary>
public sealed partial class ClusterDirectory(
    IClusterDirectory? store, SessionRegistry sessions, ChatService chat, ClusterCensus census, DeadNodeTakeover? takeover,
    RelinkServerOptions options, TimeProvider time, ILogger<ClusterDirectory> logger)
    : BackgroundService
{
    private const int UsersPerQuery = 500;
    private readonly string _nodeId = options.EffectiveNodeId;
    private readonly Channel<(ClusterSessionRecord? Add, string? Remove)> _changes =
        Channel.CreateUnbounded<(ClusterSessionRecord?, string?)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completed reconcile passes.</summary>
    public int Passes => Volatile.Read(ref _passes);

    private int _passes;

    /// <summary>Lists a session that logged in here (queued).</summary>
    public void Listed(string userId, string deviceId, string sessionId)
    {
        if (store is not null)
        {
            _changes.Writer.TryWrite((new ClusterSessionRecord(sessionId, userId, deviceId, _nodeId), null));
        }
    }

    /// <summary>Takes a session that ended here off the list (queued).</summary>
    public void Unlisted(string sessionId)
    {
        if (store is not null && sessionId.Length > 0)
        {
            _changes.Writer.TryWrite((null, sessionId));
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is null)
        {
            return; // a host app's own store without cluster tables: the bus alone orders logins
        }

        census.Join();
        // The lease first, so no other node takes this node for dead (and its new sessions with it) while it starts;
        // then the previous run's sessions go, and only then are this run's listed.
        await TryAsync(() => RenewAsync(stoppingToken), "renew the node lease");
        await TryAsync(
            async () => takeover?.LeftByPreviousRun(await store.ClearNodeSessionsAsync(_nodeId, stoppingToken)), "clear this node's old sessions");
        var writing = Task.Run(() => WriteLoopAsync(stoppingToken), CancellationToken.None);
        using var timer = new PeriodicTimer(options.ClusterReconcileInterval, time);
        do
        {
            bool listed = true;
            bool renewed = await TryAsync(async () => listed = await RenewAsync(stoppingToken), "renew the node lease");
            if (!listed)
            {
                ListAgain();
            }

            if (takeover is not null)
            {
                await TryAsync(() => takeover.AfterRenewalAsync(renewed, stoppingToken), "take over dead nodes");
            }

            await TryAsync(() => ReconcileAsync(stoppingToken), "reconcile sessions");
            await TryAsync(async () => census.Record(await store.CountLiveSessionsAsync(time.GetUtcNow(), stoppingToken), time.GetUtcNow()), "count the cluster's sessions");
            Interlocked.Increment(ref _passes);
        }
        while (await WaitAsync(timer, stoppingToken));

        _changes.Writer.TryComplete();
        await writing;
    }

    private Task<bool> RenewAsync(CancellationToken stoppingToken) =>
        store!.RenewNodeLeaseAsync(_nodeId, time.GetUtcNow() + options.NodeLease, stoppingToken);

    // This node stalled past its lease (a long pause, the store out of reach) and another node took it for dead: its
    // sessions left the directory and their users may have been announced offline. List them again, and tell their
    // friends they are online.
    private void ListAgain()
    {
        var users = sessions.OnlineUserIds;
        LogTakenForDead(users.Count);
        foreach (string userId in users)
        {
            foreach (var session in sessions.SessionsOf(userId))
            {
                if (!session.OneShot)
                {
                    Listed(userId, session.DeviceId, session.SessionId);
                }
            }
        }

        _ = takeover?.AnnounceAgainAsync(users);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var (add, remove) in _changes.Reader.ReadAllAsync(CancellationToken.None))
        {
            // A write that fails while the store is away is dropped: the session list heals by itself as sessions
            // come and go, and the bus still carries the kick.
            await TryAsync(() => add is not null ? store!.AddSessionAsync(add, stoppingToken) : store!.RemoveSessionAsync(remove!, stoppingToken), "update the session directory");
        }
    }

    private async Task ReconcileAsync(CancellationToken stoppingToken)
    {
        var users = sessions.OnlineUserIds.ToList();
        for (int from = 0; from < users.Count; from += UsersPerQuery)
        {
            var live = await store!.ListLiveSessionsAsync(users.GetRange(from, Math.Min(UsersPerQuery, users.Count - from)), time.GetUtcNow(), stoppingToken);
            // The latest live session of each device displaces that device's earlier sessions here, and (without
            // multi-device) every other device's earlier ones: the same rule a login applies, per the store's list.
            foreach (var latest in live.GroupBy(s => (s.UserId, s.DeviceId)).Select(g => g.MaxBy(s => s.SessionId, StringComparer.Ordinal)!))
            {
                await chat.DisplaceForLoginElsewhereAsync(latest.UserId, latest.DeviceId, latest.SessionId);
            }
        }
    }

    private async Task<bool> TryAsync(Func<Task> work, string what)
    {
        try
        {
            await work();
            return true;
        }
        catch (Exception e) when (e is StoreUnavailableException or OperationCanceledException)
        {
            LogFailed(what, e.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 8062, Level = LogLevel.Warning, Message = "This node's lease had ended and it was taken for dead; listing its sessions again and announcing its {Users} users online")]
    private partial void LogTakenForDead(int users);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Warning, Message = "Could not {What}: {Reason}")]
    private partial void LogFailed(string what, string reason);
}
