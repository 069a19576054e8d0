namespace Relink.Client;

/// <summary>
/// Where the client's connection stands. A closed set of records, so <c>switch</c> expressions can match on
/// each state and its details:
/// <code>
/// Disconnected ─► Connecting ─► Authenticating ─► Connected
///                                                     │ link lost, session resumable
///                                                     ▼
///          ┌────────────────────► Reconnecting{Attempt, NextAttemptAt, LastError}
///          │ attempt failed             │ at NextAttemptAt, or at once (ReconnectNow, network change)
///          │                            ▼
///          └─────────────── Connecting ─► Authenticating ─► Connected (resumed)
/// any state ─► Stopped{GaveUp | Kicked | LoggedOut | AuthRequired | Disposed}
/// </code>
/// A lost link goes to <see cref="Reconnecting"/> when the client can resume the session by itself (it was
/// logged in and <see cref="RelinkClientOptions.ReconnectPolicy"/> is set), otherwise to <see cref="Disconnected"/>.
/// <see cref="Stopped"/> is where automatic reconnecting ends; an explicit login leaves it (and
/// <see cref="RelinkClient.ReconnectNow"/> after <see cref="StopReason.GaveUp"/>).
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

    /// <summary>Logged in (or resumed) as <paramref name="UserId"/>; requests and pushes flow.</summary>
    /// <param name="UserId">The logged-in user.</param>
    /// <param name="SessionId">The server's id for this session.</param>
    public sealed record Connected(string UserId, string SessionId) : ConnectionState
    {
        /// <inheritdoc />
        public override string Name => "connected";
    }

    /// <summary>
    /// The link was lost and the client will try again by itself at <paramref name="NextAttemptAt"/>: connect, then
    /// resume the session (no password needed). <see cref="RelinkClient.ReconnectNow"/> tries at once,
    /// <see cref="RelinkClient.StopReconnecting"/> gives up. Messages sent meanwhile wait in the outbox.
    /// </summary>
    /// <param name="Attempt">
    /// The number of the attempt to come: 1 for the first after the link was lost. An attempt a busy server refused
    /// with a time to come back (<see cref="RelinkException.RetryAfter"/>) is made again under the same number.
    /// </param>
    /// <param name="NextAttemptAt">When it starts (the client's <see cref="RelinkClientOptions.TimeProvider"/> clock).</param>
    /// <param name="LastError">Why the link was lost, or why the previous attempt failed, for people.</param>
    /// <param name="Error">The failure behind <paramref name="LastError"/>, if there was one.</param>
    public sealed record Reconnecting(int Attempt, DateTimeOffset NextAttemptAt, string LastError, Exception? Error = null) : ConnectionState
    {
        /// <inheritdoc />
        public override string Name => "reconnecting";

        /// <summary>How long until the attempt starts, seen at <paramref name="now"/> (never negative).</summary>
        public TimeSpan DelayFrom(DateTimeOffset now) => NextAttemptAt > now ? NextAttemptAt - now : TimeSpan.Zero;
    }

    /// <summary>
    /// The client will not reconnect by itself, and sends fail at once (see <see cref="StopReason"/> for why).
    /// Logging in again (<see cref="RelinkClient.LoginAsync"/>) starts over, unless the client was disposed.
    /// </summary>
    /// <param name="Reason">Why the client stopped.</param>
    /// <param name="Description">The same for people: "kicked: logged in elsewhere (device phone)".</param>
    /// <param name="Kick">For <see cref="StopReason.Kicked"/>: what the server said (its reason and the device that took over).</param>
    public sealed record Stopped(StopReason Reason, string Description, Kicked? Kick = null) : ConnectionState
    {
        /// <inheritdoc />
        public override string Name => "stopped";
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
