namespace Relink.Server.Heartbeat;

/// <summary>
/// The idle rules as a pure function of timestamps, so they can be tested without connections or clocks.
/// </summary>
/// <param name="Interval">Writer-idle threshold (the heartbeat interval).</param>
/// <param name="Timeout">Reader-idle threshold (the heartbeat timeout).</param>
/// <param name="LoginTimeout">Deadline for an anonymous connection to log in.</param>
public readonly record struct IdlePolicy(TimeSpan Interval, TimeSpan Timeout, TimeSpan LoginTimeout)
{
    /// <summary>Classifies one connection at <paramref name="now"/> (all times are TimeProvider timestamps).</summary>
    public IdleState Evaluate(TimeProvider time, long now, long connectedAt, long lastReadAt, long lastWriteAt, bool authenticated)
    {
        if (!authenticated && time.GetElapsedTime(connectedAt, now) >= LoginTimeout)
        {
            return IdleState.LoginOverdue;
        }

        if (time.GetElapsedTime(lastReadAt, now) >= Timeout)
        {
            return IdleState.ReaderIdle;
        }

        // Anonymous connections get no keepalive: they have a login to do, not a session to keep.
        return authenticated && time.GetElapsedTime(lastWriteAt, now) >= Interval ? IdleState.WriterIdle : IdleState.Active;
    }
}
