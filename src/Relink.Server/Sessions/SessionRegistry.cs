using System.Collections.Concurrent;
using System.Collections.Immutable;
using Relink.Protocol.Messages;

namespace Relink.Server.Sessions;

/// <summary>
/// The in-process router: which sessions are online for each user, and which online sessions belong to each group.
/// Publishing is lock-free over immutable snapshots; the rare changes (login, logout, join, leave) take one lock.
/// </summary>
/// <remarks>
/// Sessions are removed by identity, never by user id, so a stale connection that closes after its user reconnected
/// cannot unbind the new one (which would leave the user looking offline and missing pushes while connected). Routing
/// is only the fast path: a message missed here is still in the store, and clients repair gaps by pulling.
/// </remarks>
public sealed class SessionRegistry
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, ImmutableArray<Session>> _byUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<Session>> _byGroup = new(StringComparer.Ordinal);
    // Null for a session in no group (most of them, and every session of a user without groups): an empty
    // HashSet per session would cost ~0.1 KiB per idle connection for nothing.
    private readonly Dictionary<Session, HashSet<string>?> _groupsOfSession = [];

    /// <summary>The other nodes of a cluster, or null on a single node (set once, at start).</summary>
    public ISessionRelay? Relay { get; set; }

    /// <summary>Number of online (logged-in) sessions.</summary>
    public int OnlineSessions
    {
        get
        {
            lock (_gate)
            {
                return _groupsOfSession.Count;
            }
        }
    }

    /// <summary>Makes a logged-in session reachable for its user and for each of its groups.</summary>
    public void Bind(Session session, IEnumerable<string> groupIds)
    {
        string userId = session.UserId;
        lock (_gate)
        {
            if (_groupsOfSession.ContainsKey(session))
            {
                return;
            }

            HashSet<string>? groups = null;
            foreach (string groupId in groupIds)
            {
                if ((groups ??= new HashSet<string>(StringComparer.Ordinal)).Add(groupId))
                {
                    AddTo(_byGroup, groupId, session, group: true);
                }
            }

            _groupsOfSession[session] = groups;
            AddTo(_byUser, userId, session, group: false);
        }
    }

    /// <summary>
    /// Completes once the sessions bound before the call are reachable from every node (at once on a single node): a
    /// message stored from then on is pushed to them.
    /// </summary>
    public Task ReachableEverywhereAsync() => Relay?.SubscriptionsInPlaceAsync() ?? Task.CompletedTask;

    /// <summary>Raised after a bound session was removed (outside the registry's lock): presence listens.</summary>
    public event Action<Session>? Unbound;

    /// <summary>Removes exactly this session from every index (no-op when it was never bound).</summary>
    public void Unbind(Session session)
    {
        lock (_gate)
        {
            if (!_groupsOfSession.Remove(session, out var groups))
            {
                return;
            }

            RemoveFrom(_byUser, session.UserId, session, group: false);
            Relay?.SessionEnded(session);
            foreach (string groupId in groups ?? [])
            {
                RemoveFrom(_byGroup, groupId, session, group: true);
            }
        }

        Unbound?.Invoke(session);
    }

    /// <summary>Adds every online session of <paramref name="userId"/>, on every node, to a group's room (after a join).</summary>
    public void JoinGroup(string userId, string groupId)
    {
        Relay?.MembershipChanged(userId, groupId, joined: true);
        JoinGroupHere(userId, groupId);
    }

    /// <summary>Removes every online session of <paramref name="userId"/>, on every node, from a group's room (after a leave).</summary>
    public void LeaveGroup(string userId, string groupId)
    {
        Relay?.MembershipChanged(userId, groupId, joined: false);
        LeaveGroupHere(userId, groupId);
    }

    /// <summary>Adds this node's sessions of <paramref name="userId"/> to a group's room.</summary>
    internal void JoinGroupHere(string userId, string groupId)
    {
        bool roomOpened;
        lock (_gate)
        {
            roomOpened = false;
            foreach (var session in _byUser.GetValueOrDefault(userId, []))
            {
                var groups = _groupsOfSession[session] ??= new HashSet<string>(StringComparer.Ordinal);
                if (groups.Add(groupId))
                {
                    roomOpened |= AddTo(_byGroup, groupId, session, group: true);
                }
            }
        }

        if (roomOpened)
        {
            Relay?.GroupRoomOpened(userId);
        }
    }

    /// <summary>Removes this node's sessions of <paramref name="userId"/> from a group's room.</summary>
    internal void LeaveGroupHere(string userId, string groupId)
    {
        lock (_gate)
        {
            foreach (var session in _byUser.GetValueOrDefault(userId, []))
            {
                if (_groupsOfSession[session]?.Remove(groupId) == true)
                {
                    RemoveFrom(_byGroup, groupId, session, group: true);
                }
            }
        }
    }

    /// <summary>The user's online sessions (a snapshot).</summary>
    public ImmutableArray<Session> SessionsOf(string userId) => _byUser.GetValueOrDefault(userId, []);

    /// <summary>The online sessions in a group's room (a snapshot).</summary>
    public ImmutableArray<Session> SessionsOfGroup(string groupId) => _byGroup.GetValueOrDefault(groupId, []);

    /// <summary>The users with an online session (a snapshot, in no order): the admin console's online list.</summary>
    public IReadOnlyCollection<string> OnlineUserIds => [.. _byUser.Keys];

    /// <summary>Whether the user has an online session.</summary>
    public bool IsOnline(string userId) => !_byUser.GetValueOrDefault(userId, []).IsEmpty;

    /// <summary>
    /// Queues <paramref name="frame"/> to every online session of a user except <paramref name="except"/>, on every
    /// node; returns how many sessions of this node got it.
    /// </summary>
    public int PublishToUser(string userId, OutboundFrame frame, Session? except = null)
    {
        Relay?.ToUser(userId, frame);
        return PublishToUserHere(userId, frame, except);
    }

    /// <summary>Queues <paramref name="frame"/> to this node's sessions of a user except <paramref name="except"/>.</summary>
    internal int PublishToUserHere(string userId, OutboundFrame frame, Session? except = null) =>
        Publish(_byUser.GetValueOrDefault(userId, []), frame, except);

    /// <summary>
    /// Queues <paramref name="frame"/> to every online session in a group except <paramref name="except"/>, on every
    /// node; returns how many sessions of this node got it.
    /// </summary>
    public int PublishToGroup(string groupId, OutboundFrame frame, Session? except = null)
    {
        Relay?.ToGroup(groupId, frame, exceptUser: null);
        return Publish(_byGroup.GetValueOrDefault(groupId, []), frame, except);
    }

    /// <summary>Queues <paramref name="frame"/> to this node's sessions in a group but <paramref name="exceptUser"/>'s.</summary>
    internal int PublishToGroupHere(string groupId, OutboundFrame frame, string? exceptUser) =>
        Publish(_byGroup.GetValueOrDefault(groupId, []), frame, except: null, exceptUser);

    /// <summary>
    /// Queues <paramref name="frame"/> to every online session in a group except all of <paramref name="exceptUser"/>'s
    /// (a typing notice is about that user, so none of their devices needs it).
    /// </summary>
    public int PublishToGroup(string groupId, OutboundFrame frame, string exceptUser)
    {
        Relay?.ToGroup(groupId, frame, exceptUser);
        return PublishToGroupHere(groupId, frame, exceptUser);
    }

    /// <summary>Tells the other nodes that <paramref name="session"/> logged in, so they displace the user's earlier sessions.</summary>
    public void AnnounceLogin(Session session) => Relay?.LoggedIn(session.UserId, session.DeviceId, session.SessionId);

    /// <summary>Tells the other nodes to kick every session of <paramref name="userId"/> with <paramref name="kicked"/>.</summary>
    public void AnnounceSignOut(string userId, Envelope kicked) => Relay?.SignedOut(userId, kicked);

    /// <summary>Whether this node holds a session of the user, or one in the group.</summary>
    internal bool Holds(string id, bool group) => (group ? _byGroup : _byUser).ContainsKey(id);

    private static int Publish(ImmutableArray<Session> sessions, OutboundFrame frame, Session? except, string? exceptUser = null)
    {
        if (sessions.Length > 1)
        {
            _ = frame.Protobuf; // serialise once, before the writers race to do it each
        }

        int sent = 0;
        foreach (var session in sessions)
        {
            if (!ReferenceEquals(session, except) && (exceptUser is null || session.User?.UserId != exceptUser) && session.Push(frame))
            {
                sent++;
            }
        }

        return sent;
    }

    // Returns whether the session is the first under its key (the node just took an interest in it).
    private bool AddTo(ConcurrentDictionary<string, ImmutableArray<Session>> index, string key, Session session, bool group)
    {
        var before = index.GetValueOrDefault(key, []);
        index[key] = before.Add(session);
        if (before.IsEmpty)
        {
            Relay?.InterestChanged(key, group);
        }

        return before.IsEmpty;
    }

    private void RemoveFrom(ConcurrentDictionary<string, ImmutableArray<Session>> index, string key, Session session, bool group)
    {
        var remaining = index.GetValueOrDefault(key, []).Remove(session);
        if (remaining.IsEmpty)
        {
            if (index.TryRemove(key, out _))
            {
                Relay?.InterestChanged(key, group);
            }
        }
        else
        {
            index[key] = remaining;
        }
    }
}
