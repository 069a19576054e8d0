namespace Relink.Client.Inbox;

/// <summary>
/// When to ask the server which talks this device is behind on (the sync request): every interval while a session
/// is up, and at once when the inbox meets a conversation it has no cursor for. At most one sync is out at a
/// time; one asked for meanwhile runs when it is back, so its answer is read after what prompted it. The client's
/// one timer fires it (<see cref="DueAt"/>), like an ack batch; this class only keeps the schedule.
/// </summary>
internal sealed class StoreSync
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long? _intervalTicks;
    private bool _sessionUp;
    private bool _running;
    private bool _again;
    private long? _dueAt;

    /// <param name="interval">Time between syncs; null: only when the inbox asks.</param>
    /// <param name="time">The clock the due times are read from.</param>
    public StoreSync(TimeSpan? interval, TimeProvider time)
    {
        _time = time;
        _intervalTicks = interval is { } i ? (long)(i.TotalSeconds * time.TimestampFrequency) : null;
    }

    /// <summary>When the next periodic sync is due (a timestamp), or null when none is.</summary>
    public long? DueAt
    {
        get
        {
            lock (_gate)
            {
                return _sessionUp && !_running ? _dueAt : null;
            }
        }
    }

    /// <summary>A session began: the first periodic sync is one interval away (the login answer is fresh).</summary>
    public void SessionStarted()
    {
        lock (_gate)
        {
            _sessionUp = true;
            _dueAt = Next();
        }
    }

    /// <summary>The session's link is gone: nothing is due until the next session.</summary>
    public void SessionEnded()
    {
        lock (_gate)
        {
            _sessionUp = false;
            _dueAt = null;
        }
    }

    /// <summary>Whether the periodic sync is due at <paramref name="now"/>; if so the caller runs it.</summary>
    public bool TakeIfDue(long now)
    {
        lock (_gate)
        {
            if (!_sessionUp || _running || _dueAt is not { } due || due > now)
            {
                return false;
            }

            _running = true;
            _dueAt = null;
            return true;
        }
    }

    /// <summary>A sync is wanted now: true when the caller runs it; false when one is out (it runs again after) or no session is up.</summary>
    public bool TryStartNow()
    {
        lock (_gate)
        {
            if (!_sessionUp)
            {
                return false;
            }

            if (_running)
            {
                _again = true;
                return false;
            }

            _running = true;
            _dueAt = null;
            return true;
        }
    }

    /// <summary>The sync under way is done (answered or failed): true when the caller must run another at once.</summary>
    public bool Finished()
    {
        lock (_gate)
        {
            if (_again && _sessionUp)
            {
                _again = false;
                return true;
            }

            _running = false;
            _again = false;
            _dueAt = _sessionUp ? Next() : null;
            return false;
        }
    }

    private long? Next() => _intervalTicks is { } ticks ? _time.GetTimestamp() + ticks : null;
}
