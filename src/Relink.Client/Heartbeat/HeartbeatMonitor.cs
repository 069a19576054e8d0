namespace Relink.Client.Heartbeat;

/// <summary>What the heartbeat decided at a tick.</summary>
internal enum HeartbeatVerdict
{
    /// <summary>Traffic is recent enough both ways.</summary>
    Idle,

    /// <summary>Nothing was written for the interval: send a Ping so the server (and we) see the link alive.</summary>
    SendPing,

    /// <summary>Nothing was read for the timeout: the link is dead, however open the socket looks.</summary>
    Dead,
}

/// <summary>
/// The client's side of the heartbeat, as the server set it at login: write something at least every
/// <see cref="Interval"/> (a Ping when the link is otherwise quiet), and give the link up when nothing at all
/// was read for <see cref="Timeout"/>. The server answers every Ping, so a live link is never read-idle that long.
/// Pure arithmetic on timestamps; the client's one timer calls it.
/// </summary>
internal sealed class HeartbeatMonitor
{
    /// <summary>Used when the server sends no interval: well under common NAT idle timeouts (30 s and up).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    /// <summary>Used when the server sends no timeout: three intervals, so one lost Pong is not fatal.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(45);

    private readonly long _intervalTicks;
    private readonly long _timeoutTicks;
    private long _lastPingAt = long.MinValue;

    public HeartbeatMonitor(TimeSpan interval, TimeSpan timeout, long timestampFrequency)
    {
        Interval = interval > TimeSpan.Zero ? interval : DefaultInterval;
        Timeout = timeout > TimeSpan.Zero ? timeout : DefaultTimeout;
        _intervalTicks = ToTimestampTicks(Interval, timestampFrequency);
        _timeoutTicks = ToTimestampTicks(Timeout, timestampFrequency);
    }

    /// <summary>Send a Ping when nothing was written for this long.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Declare the link dead when nothing was read for this long.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Decides what to do at <paramref name="now"/>; a <see cref="HeartbeatVerdict.SendPing"/> counts as a write.</summary>
    public HeartbeatVerdict Check(long now, long lastRead, long lastWrite)
    {
        if (now - lastRead >= _timeoutTicks)
        {
            return HeartbeatVerdict.Dead;
        }

        if (now - LastWrite(lastWrite) >= _intervalTicks)
        {
            _lastPingAt = now;
            return HeartbeatVerdict.SendPing;
        }

        return HeartbeatVerdict.Idle;
    }

    /// <summary>The next timestamp at which <see cref="Check"/> could decide something.</summary>
    public long NextDue(long lastRead, long lastWrite) => Math.Min(lastRead + _timeoutTicks, LastWrite(lastWrite) + _intervalTicks);

    private long LastWrite(long lastWrite) => Math.Max(lastWrite, _lastPingAt);

    private static long ToTimestampTicks(TimeSpan span, long frequency) => (long)Math.Ceiling(span.TotalSeconds * frequency);
}
