namespace Relink.Client.Session;

/// <summary>
/// The friends, groups and conversation positions this client has already shown the application: the session it
/// started with, plus every push and answer since. A resumed session is compared with it, not with the stale login
/// state, so a friend announced live is not announced again as new.
/// </summary>
internal sealed class ClientView
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UserProfile> _friends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupInfo> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastSeqs = new(StringComparer.Ordinal);
    private string? _me;

    /// <summary>Starts over from a session's state.</summary>
    public void Reset(SessionState session)
    {
        lock (_gate)
        {
            _me = session.Profile.UserId;
            _friends.Clear();
            _groups.Clear();
            _lastSeqs.Clear();
            foreach (var friend in session.Friends)
            {
                _friends[friend.UserId] = friend;
            }

            foreach (var group in session.Groups)
            {
                _groups[group.GroupId] = group;
            }

            foreach (var talk in session.Talks)
            {
                _lastSeqs[talk.ConversationId] = talk.LastSeq;
            }
        }
    }

    /// <summary>A friendship was announced (push, or the answer to our own request).</summary>
    public void FriendAdded(UserProfile friend)
    {
        if (friend.UserId.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            _friends[friend.UserId] = friend;
        }
    }

    /// <summary>A friendship ended (push, or the answer to our own remove or block).</summary>
    public void FriendRemoved(string userId)
    {
        lock (_gate)
        {
            _friends.Remove(userId);
        }
    }

    /// <summary>The user is in this group (created, joined, added by someone).</summary>
    public void InGroup(GroupInfo group)
    {
        if (group.GroupId.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            _groups[group.GroupId] = group;
        }
    }

    /// <summary>The user left this group.</summary>
    public void LeftGroup(string groupId)
    {
        lock (_gate)
        {
            _groups.Remove(groupId);
        }
    }

    /// <summary>A group_changed push: about the user themselves, or about another member.</summary>
    public void GroupChanged(GroupChangedNotice notice)
    {
        string? me;
        lock (_gate)
        {
            me = _me;
        }

        bool aboutMe = notice.Member.UserId.Length > 0 && notice.Member.UserId == me;
        if (aboutMe && notice.Change is GroupChange.Left or GroupChange.Removed)
        {
            LeftGroup(notice.Group.GroupId);
        }
        else if (aboutMe || Has(notice.Group.GroupId))
        {
            InGroup(notice.Group);
        }
    }

    /// <summary>A message of a conversation was seen (one this client sent, acknowledged).</summary>
    public void Seen(ChatMessage message)
    {
        lock (_gate)
        {
            if (message.Seq > _lastSeqs.GetValueOrDefault(message.ConversationId))
            {
                _lastSeqs[message.ConversationId] = message.Seq;
            }
        }
    }

    /// <summary>What <paramref name="current"/> has that this view had not seen.</summary>
    /// <param name="current">The state the server just gave.</param>
    /// <param name="delivered">How far the inbox delivered each conversation (a message seen live counts as seen).</param>
    public SessionChanges Compare(SessionState current, Func<string, long> delivered)
    {
        lock (_gate)
        {
            var currentGroups = current.Groups.Select(g => g.GroupId).ToHashSet(StringComparer.Ordinal);
            return new SessionChanges(
                [.. current.Friends.Where(f => !_friends.ContainsKey(f.UserId))],
                [.. current.Groups.Where(g => !_groups.ContainsKey(g.GroupId))],
                [.. _groups.Values.Where(g => !currentGroups.Contains(g.GroupId)).OrderBy(g => g.GroupId, StringComparer.Ordinal)],
                [.. current.Talks.Where(t => t.LastSeq > Math.Max(_lastSeqs.GetValueOrDefault(t.ConversationId), delivered(t.ConversationId)))]);
        }
    }

    private bool Has(string groupId)
    {
        lock (_gate)
        {
            return _groups.ContainsKey(groupId);
        }
    }
}
