namespace Relink.Client.Connecting;

/// <summary>
/// Holds the current <see cref="ConnectionState"/> and allows only the transitions of the connection's life
/// cycle, so a late callback from a dead link cannot, say, turn <c>Disconnected</c> back into <c>Connected</c>.
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
    public bool TryMove(ConnectionState next, out ConnectionStateChangedEventArgs? change)
    {
        lock (_gate)
        {
            if (!IsAllowed(_current, next))
            {
                change = null;
                return false;
            }

            change = new ConnectionStateChangedEventArgs(_current, next);
            _current = next;
            return true;
        }
    }

    /// <summary>Moves to <paramref name="next"/> only when the current state is <typeparamref name="TFrom"/>.</summary>
    public bool TryMoveFrom<TFrom>(ConnectionState next, out ConnectionStateChangedEventArgs? change)
        where TFrom : ConnectionState
    {
        lock (_gate)
        {
            if (_current is not TFrom)
            {
                change = null;
                return false;
            }

            return TryMove(next, out change);
        }
    }

    // The edges of the life cycle. Reconnecting and Stopped (automatic reconnect) slot in here as new rows.
    private static bool IsAllowed(ConnectionState from, ConnectionState to) => (from, to) switch
    {
        (ConnectionState.Disconnected, ConnectionState.Connecting) => true,
        (ConnectionState.Connecting, ConnectionState.Authenticating or ConnectionState.Disconnected) => true,
        (ConnectionState.Authenticating, ConnectionState.Connected or ConnectionState.Disconnected) => true,
        (ConnectionState.Connected, ConnectionState.Disconnected) => true,
        _ => false,
    };
}
