using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Sessions;
using Relink.Storage;
using PresenceAudience = Relink.Storage.PresenceAudience;

namespace Relink.Server.Presence;

/// <summary>
/// Who is online as friends see it, and when each user was last seen. A user is online while any of their devices
/// is (one-shot errands do not count); friends are told ONLINE when the first device arrives and OFFLINE only once
/// the last one has been silent for the dead-link timeout plus <see cref="RelinkServerOptions.PresenceGrace"/>. A
/// device that comes back before then (a resume after a drop) announces nothing.
/// </summary>
/// <remarks>
/// No timer per connection or user: the offlines that are due are found by <see cref="Sweep"/>, which the heartbeat
/// sweeper calls on its one timer. Each user's changes are decided and published under that user's entry lock, so
/// friends get them in the order they happened. The state is one small entry per user seen since start (no friend
/// lists are kept: an offline reads them from the store, which also keeps them exact when friendships change).
/// Announcements leave through <see cref="IPresencePublisher"/>, the seam where a cluster routes them to other nodes.
/// With several nodes, an OFFLINE that falls due is postponed by another silence while another node holds a device
/// of the user (<see cref="IPresenceElsewhere"/>): it is announced once the user's last device anywhere is gone.
/// A node that died announces nothing: the node that takes its sessions over hands their users to
/// <see cref="LeftBehind"/>, and announces the OFFLINE of those no other node holds.
/// </remarks>
public sealed partial class PresenceTracker
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Entry, byte> _pending = new();
    private readonly SessionRegistry _sessions;
    private readonly IPresencePublisher _publisher;
    private readonly IChatStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<PresenceTracker> _logger;
    private readonly IPresenceElsewhere? _elsewhere;
    private readonly long _silenceBeforeOffline;
    private int _announcing;

    /// <summary>Creates the tracker and subscribes it to sessions leaving the registry.</summary>
    public PresenceTracker(
        SessionRegistry sessions, IPresencePublisher publisher, IChatStore store, RelinkServerOptions options, TimeProvider time, ILogger<PresenceTracker> logger,
        IPresenceElsewhere? elsewhere = null)
    {
        _elsewhere = elsewhere;
        _sessions = sessions;
        _publisher = publisher;
        _store = store;
        _time = time;
        _logger = logger;
        _silenceBeforeOffline = (long)((options.HeartbeatTimeout + options.PresenceGrace).TotalSeconds * time.TimestampFrequency);
        sessions.Unbound += Departed;
    }

    /// <summary>Offline announcements made so far (each is one push to each online friend; none for a hidden user).</summary>
    public long OfflineAnnouncements => Interlocked.Read(ref _offlineAnnouncements);

    /// <summary>Online announcements made so far; a device resuming within the grace makes none.</summary>
    public long OnlineAnnouncements => Interlocked.Read(ref _onlineAnnouncements);

    private long _offlineAnnouncements;
    private long _onlineAnnouncements;

    /// <summary>Whether friends see <paramref name="userId"/> online now (before any privacy rule).</summary>
    public bool IsOnline(string userId) => _entries.TryGetValue(userId, out var entry) && Volatile.Read(ref entry.Online);

    /// <summary>
    /// Those of <paramref name="userIds"/> online through another node (none on one node): with <see cref="StateOf"/>,
    /// the cluster-wide view for friend lists and search. One store read in a cluster.
    /// </summary>
    public Task<IReadOnlySet<string>> OnlineElsewhereAsync(IReadOnlyCollection<string> userIds) =>
        _elsewhere is null || userIds.Count == 0 ? Task.FromResult(NobodyElsewhere) : _elsewhere.OnlineElsewhereAsync(userIds);

    private static readonly IReadOnlySet<string> NobodyElsewhere = new HashSet<string>();

    /// <summary>What friends see of <paramref name="userId"/> now, before any privacy rule: online, or offline since when.</summary>
    public (bool Online, DateTimeOffset? LastSeen) StateOf(string userId)
    {
        if (!_entries.TryGetValue(userId, out var entry))
        {
            return (false, null);
        }

        lock (entry)
        {
            return (entry.Online, entry.LastSeen);
        }
    }

    /// <summary>
    /// A logged-in (not one-shot) session of the user is bound: the user is online. Friends are told unless the user
    /// already looked online to them (another device, or a return within the grace). <paramref name="friendIds"/>
    /// are the user's friends as the login just read them.
    /// </summary>
    public void Arrived(Session session, PresenceAudience audience, IEnumerable<string> friendIds)
    {
        var entry = _entries.GetOrAdd(session.UserId, id => new Entry(id));
        lock (entry)
        {
            // Closed while its login was being answered: the registry already let it go, and so must presence.
            if (!_sessions.SessionsOf(entry.UserId).Contains(session) || entry.Sessions.Contains(session))
            {
                return;
            }

            entry.Sessions.Add(session);
            entry.Audience = audience;
            entry.LeftBehind = false;
            if (entry.OfflineDueAt != 0)
            {
                entry.OfflineDueAt = 0; // back within the grace: friends never saw it leave
                entry.Generation++;
                _pending.TryRemove(entry, out _);
            }

            if (!entry.Online)
            {
                entry.Online = true;
                Announce(entry, friendIds, ref _onlineAnnouncements);
            }
        }
    }

    /// <summary>
    /// A device of <paramref name="userId"/> was on a node that died (or started again), last heard from about
    /// <paramref name="lastHeard"/>: that node told friends the user was online and will never say otherwise, so this
    /// node speaks for it. The OFFLINE falls due by the same rule as a device of this node (the dead-link timeout plus
    /// the grace after it was last heard), and is announced then unless the user is back: on this node (nothing
    /// changes for friends), or on another (that node now holds the user, and announces when the user leaves it).
    /// Nothing is done for a user this node holds. For one it is already about to announce (a device of this node went
    /// silent earlier), the OFFLINE keeps its own path but takes the later of the two last-heard moments, as its
    /// last-seen and for when it falls due: the user was online on the dead node after leaving this one.
    /// </summary>
    public void LeftBehind(string userId, DateTimeOffset lastHeard)
    {
        var entry = _entries.GetOrAdd(userId, id => new Entry(id));
        lock (entry)
        {
            if (entry.Sessions.Count > 0)
            {
                return;
            }

            var (heard, due) = DueAfter(lastHeard);
            if (entry.OfflineDueAt != 0)
            {
                HeardLater(entry, heard, due);
                return;
            }

            entry.Online = true; // as the dead node told friends
            entry.LeftBehind = true;
            entry.SeenElsewhere = false;
            entry.LastSeen = heard;
            entry.OfflineDueAt = due;
            entry.Generation++;
            _pending[entry] = 0;
        }
    }

    /// <summary>
    /// Another node took over a dead node's session of <paramref name="userId"/>, last heard from about
    /// <paramref name="lastHeard"/>, and announces the user's OFFLINE itself. An OFFLINE this node has pending for the
    /// user (a device here went silent before the user logged in there) takes that later moment, as in
    /// <see cref="LeftBehind"/>: this node never saw that login, and would otherwise announce an earlier last-seen.
    /// Nothing else changes.
    /// </summary>
    public void HeardOnDeadNode(string userId, DateTimeOffset lastHeard)
    {
        if (!_entries.TryGetValue(userId, out var entry))
        {
            return;
        }

        lock (entry)
        {
            if (entry.Sessions.Count == 0 && entry.OfflineDueAt != 0)
            {
                var (heard, due) = DueAfter(lastHeard);
                HeardLater(entry, heard, due);
            }
        }
    }

    // When an OFFLINE for a device last heard at `lastHeard` falls due (the dead-link timeout plus the grace after it),
    // and that moment, neither later than now.
    private (DateTimeOffset Heard, long Due) DueAfter(DateTimeOffset lastHeard)
    {
        long now = _time.GetTimestamp();
        var nowWall = _time.GetUtcNow();
        var heard = lastHeard < nowWall ? lastHeard : nowWall;
        long waited = Math.Min((long)((nowWall - heard).TotalSeconds * _time.TimestampFrequency), _silenceBeforeOffline);
        return (heard, Math.Max(now + _silenceBeforeOffline - waited, 1));
    }

    // Under the entry's lock, with an OFFLINE pending: the user was heard on another node later than this node last
    // heard them; the OFFLINE keeps its path, with the later last-seen and falling due no earlier than that says.
    private static void HeardLater(Entry entry, DateTimeOffset heard, long due)
    {
        SeenLater(entry, heard);
        entry.SeenElsewhere = true;
        if (due > entry.OfflineDueAt)
        {
            entry.OfflineDueAt = due;
            entry.Generation++; // an announcement already under way for the earlier moment is dropped
        }
    }

    /// <summary>
    /// Tells the friends of those of <paramref name="userIds"/> online on this node again that they are: after this
    /// node was taken for dead while it stalled, another node may have announced them offline. One store read per user.
    /// </summary>
    public async Task AnnounceOnlineAgainAsync(IEnumerable<string> userIds)
    {
        foreach (string userId in userIds)
        {
            if (!_entries.TryGetValue(userId, out var entry) || !Volatile.Read(ref entry.Online))
            {
                continue;
            }

            var friends = await _store.ListFriendsAsync(userId);
            lock (entry)
            {
                if (entry.Online && entry.Sessions.Count > 0 && PresenceRules.FriendsSee(entry.Audience))
                {
                    Publish(entry, friends.Select(f => f.UserId));
                }
            }
        }
    }

    /// <summary>Sends one user a view of someone's presence (a new friend's), through the same publisher.</summary>
    public void ShowTo(string viewerId, Protocol.Messages.Presence view) => _publisher.Publish(view, [viewerId]);

    /// <summary>
    /// The user logged out on this device: the session leaves at once, and if it was the user's last one friends are
    /// told now, without the grace (nobody resumes a logout).
    /// </summary>
    public void LoggedOut(Session session) => Leave(session, immediately: true);

    /// <summary>The user chose a new audience; friends whose view of them changes are told.</summary>
    public void AudienceChanged(string userId, PresenceAudience audience, IEnumerable<string> friendIds)
    {
        var entry = _entries.GetOrAdd(userId, id => new Entry(id));
        lock (entry)
        {
            var before = entry.Audience;
            entry.Audience = audience;
            if (PresenceRules.FriendsSee(before) != PresenceRules.FriendsSee(audience))
            {
                Publish(entry, friendIds);
            }
        }
    }

    /// <summary>
    /// Announces the offlines that are due (called by the heartbeat sweeper on its timer). The friends of each are
    /// read from the store off the sweeper's thread, one user after another; a sweep that finds the previous batch
    /// still being announced leaves the new ones for the next sweep.
    /// </summary>
    public void Sweep()
    {
        if (_pending.IsEmpty || Interlocked.Exchange(ref _announcing, 1) != 0)
        {
            return;
        }

        long now = _time.GetTimestamp();
        List<(Entry Entry, int Generation)>? due = null;
        foreach (var entry in _pending.Keys)
        {
            lock (entry)
            {
                if (entry.OfflineDueAt != 0 && now >= entry.OfflineDueAt)
                {
                    (due ??= []).Add((entry, entry.Generation));
                }
            }
        }

        if (due is null)
        {
            Volatile.Write(ref _announcing, 0);
            return;
        }

        _ = AnnounceOfflineAsync(due);
    }

    private async Task AnnounceOfflineAsync(List<(Entry Entry, int Generation)> due)
    {
        try
        {
            foreach (var (entry, generation) in due)
            {
                try
                {
                    await AnnounceOfflineAsync(entry, generation);
                }
                catch (Exception e) when (e is StoreUnavailableException or OperationCanceledException or InvalidOperationException)
                {
                    // Left pending: the next sweep tries again.
                    LogOfflineFailed(entry.UserId, e);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _announcing, 0);
        }
    }

    private async Task AnnounceOfflineAsync(Entry entry, int generation)
    {
        var friends = await _store.ListFriendsAsync(entry.UserId);
        var heardElsewhere = _elsewhere is null ? null : await _elsewhere.HeardElsewhereAsync(entry.UserId);
        bool onlineElsewhere = heardElsewhere is not null;
        // A user left behind by a dead node never set an audience here: read the one they chose.
        var audience = Volatile.Read(ref entry.LeftBehind)
            ? (await _store.ListPresenceAudiencesAsync([entry.UserId])).GetValueOrDefault(entry.UserId, PresenceAudiences.Default)
            : (PresenceAudience?)null;
        lock (entry)
        {
            if (entry.Generation != generation || entry.OfflineDueAt == 0)
            {
                return; // came back while the friends were being read
            }

            if (entry.LeftBehind)
            {
                entry.Audience = audience ?? entry.Audience;
                if (onlineElsewhere)
                {
                    // Back on another node, which announced its ONLINE and will announce its OFFLINE: nothing to say.
                    HandOver(entry);
                    return;
                }
            }

            if (onlineElsewhere)
            {
                // The user is online through another node (a resume there, or another device): friends keep seeing
                // them online, and this node asks again after another silence. Whichever node finds the user gone
                // everywhere announces; a listing the other node has not yet dropped, or a dead node's until its
                // lease ends, only postpones the OFFLINE, never loses it. The user was online there after this node
                // last heard them, so the OFFLINE, when it comes, must not say they were last seen before that.
                entry.OfflineDueAt = _time.GetTimestamp() + _silenceBeforeOffline;
                SeenLater(entry, heardElsewhere!.Value);
                entry.SeenElsewhere = true;
                return;
            }

            if (_elsewhere is not null)
            {
                LogOfflineAnnounced(entry.UserId, entry.LastSeen, entry.LeftBehind ? OfflinePath.LeftByDeadNode : entry.SeenElsewhere ? OfflinePath.AfterOnlineElsewhere : OfflinePath.ThisNode);
            }

            HandOver(entry);
            Announce(entry, friends.Select(f => f.UserId), ref _offlineAnnouncements);
        }
    }

    // Under the entry's lock: the user was online (here or on another node) at `seen`; the last-seen only moves later.
    private static void SeenLater(Entry entry, DateTimeOffset seen)
    {
        if (entry.LastSeen is not { } lastSeen || lastSeen < seen)
        {
            entry.LastSeen = seen;
        }
    }

    private void HandOver(Entry entry)
    {
        entry.OfflineDueAt = 0;
        entry.Online = false;
        entry.LeftBehind = false;
        entry.SeenElsewhere = false;
        _pending.TryRemove(entry, out _);
    }

    private void Departed(Session session)
    {
        if (!session.OneShot)
        {
            Leave(session, immediately: false);
        }
    }

    private void Leave(Session session, bool immediately)
    {
        if (!session.IsAuthenticated || !_entries.TryGetValue(session.UserId, out var entry))
        {
            return;
        }

        lock (entry)
        {
            if (!entry.Sessions.Remove(session) || entry.Sessions.Count > 0)
            {
                return;
            }

            // Last heard from: a dead link was silent long before the sweeper closed it, and that silence counts.
            long now = _time.GetTimestamp();
            long lastHeard = session.Connection is ClientConnection connection ? Math.Min(connection.LastReadAt, now) : now;
            entry.LastSeen = _time.GetUtcNow() - _time.GetElapsedTime(lastHeard, now);
            entry.SeenElsewhere = false;
            entry.OfflineDueAt = immediately ? now : Math.Max(lastHeard + _silenceBeforeOffline, 1);
            entry.Generation++;
            _pending[entry] = 0;
        }

        if (immediately)
        {
            Sweep();
        }
    }

    // A change of state goes to friends only when they may see it: a hidden user's comings and goings make no
    // push at all, whose mere timing would tell what the user chose to hide.
    private void Announce(Entry entry, IEnumerable<string> friendIds, ref long counter)
    {
        if (PresenceRules.FriendsSee(entry.Audience))
        {
            Interlocked.Increment(ref counter);
            Publish(entry, friendIds);
        }
    }

    // Under the entry's lock, so each user's announcements leave in the order they were decided.
    private void Publish(Entry entry, IEnumerable<string> friendIds)
    {
        var presence = PresenceRules.FriendsSee(entry.Audience)
            ? new Protocol.Messages.Presence
            {
                UserId = entry.UserId,
                State = entry.Online ? PresenceState.Online : PresenceState.Offline,
                LastSeen = entry.Online || entry.LastSeen is not { } seen ? null : Timestamp.FromDateTimeOffset(seen),
            }
            : new Protocol.Messages.Presence { UserId = entry.UserId, State = PresenceState.Unspecified };
        _publisher.Publish(presence, friendIds);
    }

    /// <summary>One user's presence. Every field but <see cref="Online"/> (also read without it) is guarded by lock(entry).</summary>
    private sealed class Entry(string userId)
    {
        public readonly string UserId = userId;

        /// <summary>The user's bound, not one-shot sessions: usually one, a few with several devices.</summary>
        public readonly List<Session> Sessions = new(1);

        public PresenceAudience Audience = PresenceAudiences.Default;

        /// <summary>What friends were last told: true until the OFFLINE is announced.</summary>
        public bool Online;

        /// <summary>When the last device went silent (wall clock), once it has.</summary>
        public DateTimeOffset? LastSeen;

        /// <summary>Timestamp at which OFFLINE is due; 0 when none is pending.</summary>
        public long OfflineDueAt;

        /// <summary>Changes whenever a pending OFFLINE is set or cancelled, so a late one that lost a race is dropped.</summary>
        public int Generation;

        /// <summary>The pending OFFLINE is for a device a dead node left (<see cref="PresenceTracker.LeftBehind"/>), not one of this node's.</summary>
        public bool LeftBehind;

        /// <summary>
        /// The user was online on another node since their device here went silent: the pending OFFLINE was postponed
        /// for it, or a dead node's session was folded into it (for the log).
        /// </summary>
        public bool SeenElsewhere;
    }

    /// <summary>Which of the tracker's paths an OFFLINE announced in a cluster came by, for the log.</summary>
    private enum OfflinePath
    {
        /// <summary>The user's last device on this node went silent (or logged out), and no other node holds the user.</summary>
        ThisNode,

        /// <summary>
        /// As <see cref="ThisNode"/>, but the user was online on another node since (the OFFLINE was postponed while it
        /// held them, or that node died and this one took its session over): the last-seen is from there.
        /// </summary>
        AfterOnlineElsewhere,

        /// <summary>A dead node's session this node took over (<see cref="LeftBehind"/>).</summary>
        LeftByDeadNode,
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Could not announce {UserId} offline yet; the next sweep tries again")]
    private partial void LogOfflineFailed(string userId, Exception exception);

    // Debug: one line per OFFLINE. An operator asking why a friend saw someone go offline, and with what last-seen,
    // turns it on for Relink.Server.Presence.
    [LoggerMessage(EventId = 8370, Level = LogLevel.Debug, Message = "{UserId} is offline, last seen {LastSeen:o}, by path {Path} (announced to friends unless their audience hides it)")]
    private partial void LogOfflineAnnounced(string userId, DateTimeOffset? lastSeen, OfflinePath path);
}
