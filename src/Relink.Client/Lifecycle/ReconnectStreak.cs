namespace Relink.Client.Lifecycle;

/// <summary>
/// Counts reconnect attempts across links that did not last: a session that drops again before it was up for the
/// stable period continues the count (so a flapping network backs off instead of hammering the server), one that
/// lasted starts it again from 1. Also keeps when the current outage began, and how often a password was needed.
/// </summary>
internal sealed class ReconnectStreak(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _attempts;
    private int _passwordLogins;
    private long _outageStartedAt;
    private long? _sessionStartedAt;

    /// <summary>How many times in this streak a resume was refused and the credentials were used instead.</summary>
    public int PasswordLogins
    {
        get
        {
            lock (_gate)
            {
                return _passwordLogins;
            }
        }
    }

    /// <summary>Attempts made in this streak.</summary>
    public int Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts;
            }
        }
    }

    /// <summary>The link was lost (or the client starts looking for the server): an outage begins.</summary>
    /// <param name="stablePeriod">A session that lasted this long ends the streak.</param>
    /// <param name="serverAsked">The server announced it was going away: its restart says nothing about this link's
    /// health, so the count starts again.</param>
    public void OutageBegins(TimeSpan stablePeriod, bool serverAsked)
    {
        lock (_gate)
        {
            long now = time.GetTimestamp();
            if (serverAsked || _sessionStartedAt is null || time.GetElapsedTime(_sessionStartedAt.Value, now) >= stablePeriod)
            {
                _attempts = 0;
                _passwordLogins = 0;
            }

            _sessionStartedAt = null;
            _outageStartedAt = now;
        }
    }

    /// <summary>Counts an attempt; returns its number.</summary>
    public int NextAttempt()
    {
        lock (_gate)
        {
            return ++_attempts;
        }
    }

    /// <summary>Counts a login with the credentials after a refused resume; returns how many there were in this streak.</summary>
    public int CountPasswordLogin()
    {
        lock (_gate)
        {
            return ++_passwordLogins;
        }
    }

    /// <summary>How long the outage has lasted.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return time.GetElapsedTime(_outageStartedAt);
            }
        }
    }

    /// <summary>A session started: from now its lifetime decides whether the next outage continues the streak.</summary>
    public void SessionStarted()
    {
        lock (_gate)
        {
            _sessionStartedAt = time.GetTimestamp();
        }
    }

    /// <summary>Forgets the streak (a person asked to start over).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _attempts = 0;
            _passwordLogins = 0;
        }
    }
}
