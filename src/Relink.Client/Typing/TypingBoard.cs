namespace Relink.Client.Typing;

/// <summary>
/// Who is typing where, as the server's typing notices said, each entry forgotten when its time to live runs out
/// unless a newer notice renewed it. Expiry runs on the client's one timer (<see cref="DueAt"/>,
/// <see cref="ExpireDue"/>): no timer per conversation. Also throttles this user's own signals, so an app may call
/// <see cref="RelinkClient.SendTypingAsync"/> on every keystroke.
/// </summary>
internal sealed class TypingBoard(TimeProvider time)
{
    /// <summary>How often a repeated TYPING goes out: the server's default typing interval (it drops faster repeats).</summary>
    internal static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly Dictionary<Peer, List<(TypingUser User, long ExpiresAt)>> _typing = [];
    private readonly Dictionary<Peer, (bool Typing, long At)> _sent = [];

    /// <summary>When the earliest entry expires (a <see cref="TimeProvider"/> timestamp), or null when nobody types.</summary>
    public long? DueAt
    {
        get
        {
            lock (_gate)
            {
                long? due = null;
                foreach (var users in _typing.Values)
                {
                    foreach (var (_, expiresAt) in users)
                    {
                        due = due is { } d ? Math.Min(d, expiresAt) : expiresAt;
                    }
                }

                return due;
            }
        }
    }

    /// <summary>Applies a notice; returns the conversation's new state when it changed what a user would see.</summary>
    public TypingChange? Apply(Peer conversation, TypingUser user, bool typing, TimeSpan timeToLive)
    {
        lock (_gate)
        {
            var users = _typing.GetValueOrDefault(conversation);
            int index = users?.FindIndex(u => u.User.UserId == user.UserId) ?? -1;
            if (typing)
            {
                long expiresAt = time.GetTimestamp() + (long)(timeToLive.TotalSeconds * time.TimestampFrequency);
                if (index >= 0)
                {
                    users![index] = (user, expiresAt); // a renewal: same people typing, no change to raise
                    return null;
                }

                (users ??= _typing[conversation] = []).Add((user, expiresAt));
                return Snapshot(conversation, users);
            }

            return index >= 0 ? Remove(conversation, users!, index) : null;
        }
    }

    /// <summary>Forgets that <paramref name="userId"/> types in a conversation (their message just arrived).</summary>
    public TypingChange? Stopped(Peer conversation, string userId)
    {
        lock (_gate)
        {
            var users = _typing.GetValueOrDefault(conversation);
            int index = users?.FindIndex(u => u.User.UserId == userId) ?? -1;
            return index >= 0 ? Remove(conversation, users!, index) : null;
        }
    }

    /// <summary>Removes the entries whose time ran out; returns the conversations that changed.</summary>
    public IReadOnlyList<TypingChange> ExpireDue(long now)
    {
        lock (_gate)
        {
            List<TypingChange>? changes = null;
            foreach (var (conversation, users) in _typing)
            {
                if (users.RemoveAll(u => u.ExpiresAt <= now) > 0)
                {
                    (changes ??= []).Add(Snapshot(conversation, users));
                }
            }

            foreach (var (conversation, users) in _typing)
            {
                if (users.Count == 0)
                {
                    _typing.Remove(conversation);
                }
            }

            return changes ?? (IReadOnlyList<TypingChange>)[];
        }
    }

    /// <summary>Who types in a conversation now.</summary>
    public IReadOnlyList<TypingUser> In(Peer conversation)
    {
        lock (_gate)
        {
            return _typing.TryGetValue(conversation, out var users) ? [.. users.Select(u => u.User)] : [];
        }
    }

    /// <summary>
    /// Whether this user's own signal should go out: a TYPING repeats at most every <see cref="RepeatInterval"/>,
    /// a PAUSED only after a TYPING. Records it when so.
    /// </summary>
    public bool ShouldSend(Peer conversation, bool typing)
    {
        lock (_gate)
        {
            long now = time.GetTimestamp();
            var last = _sent.GetValueOrDefault(conversation);
            bool send = typing
                ? !last.Typing || time.GetElapsedTime(last.At, now) >= RepeatInterval
                : last.Typing;
            if (send)
            {
                _sent[conversation] = (typing, now);
            }

            return send;
        }
    }

    private TypingChange Remove(Peer conversation, List<(TypingUser User, long ExpiresAt)> users, int index)
    {
        users.RemoveAt(index);
        if (users.Count == 0)
        {
            _typing.Remove(conversation);
        }

        return Snapshot(conversation, users);
    }

    private static TypingChange Snapshot(Peer conversation, List<(TypingUser User, long ExpiresAt)> users) =>
        new() { Conversation = conversation, Typing = [.. users.Select(u => u.User)] };
}
