namespace Relink.Client;

/// <summary>
/// Where the client's connection stands. A closed set of records, so <c>switch</c> expressions can match on
/// each state and its details:
/// <see cref="Disconnected"/> → <see cref="Connecting"/> → <see cref="Authenticating"/> → <see cref="Connected"/>,
/// and back to <see cref="Disconnected"/> when the link is lost or closed.
/// </summary>
public abstract record ConnectionState
{
    // Only the nested records below derive from it, so the set of states stays closed.
    private ConnectionState()
    {
    }

    /// <summary>A short name for status lines ("connected", "disconnected", …).</summary>
    public abstract string Name { get; }

    /// <summary>Not connected. <paramref name="Reason"/> says why when a link was lost or closed (null at start).</summary>
    /// <param name="Reason">Why the last link ended, for people.</param>
    /// <param name="Error">The failure that ended it, if one did.</param>
    public sealed record Disconnected(string? Reason = null, Exception? Error = null) : ConnectionState
    {
        /// <inheritdoc />
        public override string Name => "disconnected";
    }

    /// <summary>Opening the transport to <paramref name="Server"/>.</summary>
    /// <param name="Server">The address being connected to.</param>
    public sealed record Connecting(string Server) : ConnectionState
    {
        /// <inheritdoc />
        public override string Name => "connecting";
    }

    /// <summary>The transport is open; no user is logged in on it yet (log in or register now).</summary>
    public sealed record Authenticating : ConnectionState
    {
        /// <inheritdoc />
        public override string Name => "authenticating";
    }

    /// <summary>Logged in as <paramref name="UserId"/>; requests and pushes flow.</summary>
    /// <param name="UserId">The logged-in user.</param>
    /// <param name="SessionId">The server's id for this session.</param>
    public sealed record Connected(string UserId, string SessionId) : ConnectionState
    {
        /// <inheritdoc />
        public override string Name => "connected";
    }
}

/// <summary>The connection moved from <see cref="Previous"/> to <see cref="Current"/>.</summary>
public sealed class ConnectionStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public ConnectionStateChangedEventArgs(ConnectionState previous, ConnectionState current)
    {
        Previous = previous;
        Current = current;
    }

    /// <summary>The state before the change.</summary>
    public ConnectionState Previous { get; }

    /// <summary>The state now.</summary>
    public ConnectionState Current { get; }
}
