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
        // Before login only the login deadline applies: the client learns timeout_ms from login_ok, so it cannot
        // be held to it yet, and the deadline ends the connection with an error frame that says why. No keepalive
        // either: an anonymous connection has a login to do, not a session to keep.
        if (!authenticated)
        {
            return time.GetElapsedTime(connectedAt, now) >= LoginTimeout ? IdleState.LoginOverdue : IdleState.Active;
        }

        if (time.GetElapsedTime(lastReadAt, now) >= Timeout)
        {
            return IdleState.ReaderIdle;
        }

        return time.GetElapsedTime(lastWriteAt, now) >= Interval ? IdleState.WriterIdle : IdleState.Active;
    }
}
