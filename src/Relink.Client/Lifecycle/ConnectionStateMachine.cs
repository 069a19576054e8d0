namespace Relink.Client.Lifecycle;

/// <summary>
/// Holds the current <see cref="ConnectionState"/> and allows only the transitions of the connection's life
/// cycle, so a late callback from a dead link cannot, say, turn <c>Stopped</c> back into <c>Disconnected</c>.
/// </summary>
internal sealed class ConnectionStateMachine
{
    private readonly Lock _gate = new();
    private ConnectionState _current = new ConnectionState.Disconnected();

    /// <summary>The state now.</summary>
    public ConnectionState Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Moves to <paramref name="next"/> if the life cycle allows it from the current state.</summary>
    /// <param name="next">The state to enter.</param>
    /// <param name="change">The change made, for raising StateChanged outside any lock.</param>
    /// <returns>False when the transition is not allowed (the state is unchanged).</returns>
    public bool TryMove(ConnectionState next, out ConnectionStateChangedEventArgs? change) => TryMoveFrom(static _ => true, next, out change);

    /// <summary>Moves to <paramref name="next"/> only when the current state passes <paramref name="from"/> (and the life cycle allows it).</summary>
    /// <remarks>Lets a step of the reconnect loop say "only if nobody stopped me meanwhile" in one atomic move.</remarks>
    public bool TryMoveFrom(Func<ConnectionState, bool> from, ConnectionState next, out ConnectionStateChangedEventArgs? change)
    {
        lock (_gate)
        {
            if (!from(_current) || !IsAllowed(_current, next))
            {
                change = null;
                return false;
            }

            change = new ConnectionStateChangedEventArgs(_current, next);
            _current = next;
            return true;
        }
    }

    // The edges of the life cycle. Reconnecting never returns to Disconnected: a session being resumed either comes
    // back or stops. One stop reason never overwrites another, except Disposed, which nothing leaves.
    private static bool IsAllowed(ConnectionState from, ConnectionState to) => (from, to) switch
    {
        (ConnectionState.Stopped { Reason: StopReason.Disposed }, _) => false,
        (ConnectionState.Stopped, ConnectionState.Stopped { Reason: StopReason.Disposed }) => true,
        (ConnectionState.Stopped, ConnectionState.Stopped) => false,
        (_, ConnectionState.Stopped) => true,
        (ConnectionState.Disconnected, ConnectionState.Connecting or ConnectionState.Reconnecting) => true,
        (ConnectionState.Connecting, ConnectionState.Authenticating or ConnectionState.Disconnected or ConnectionState.Reconnecting) => true,
        (ConnectionState.Authenticating, ConnectionState.Connected or ConnectionState.Disconnected or ConnectionState.Reconnecting) => true,
        (ConnectionState.Connected, ConnectionState.Disconnected or ConnectionState.Reconnecting) => true,
        (ConnectionState.Reconnecting, ConnectionState.Connecting) => true,
        (ConnectionState.Stopped, ConnectionState.Connecting or ConnectionState.Reconnecting) => true,
        _ => false,
    };
}
