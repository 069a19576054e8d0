namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>
    /// Tries to reconnect now instead of at the next scheduled attempt (a person's "reconnect now" button). Also
    /// starts over after the client gave up (<see cref="StopReason.GaveUp"/>), from attempt 1.
    /// </summary>
    /// <returns>True when an attempt is coming; false when there is nothing to reconnect (connected, never logged
    /// in, kicked, logged out, disposed).</returns>
    public bool ReconnectNow() => _lifecycle.ReconnectNow();

    /// <summary>
    /// Gives up reconnecting: the client stops (<see cref="StopReason.GaveUp"/>), and the messages waiting in the
    /// outbox fail with a <see cref="RelinkStoppedException"/> that says so. <see cref="ReconnectNow"/> starts again.
    /// </summary>
    /// <returns>False when no reconnect was under way (nothing changed).</returns>
    public bool StopReconnecting() => _lifecycle.StopReconnecting();

    /// <summary>
    /// Tells the client the network may be back (for hosts with their own signal, such as a mobile platform's
    /// connectivity callback): a client waiting to reconnect tries at once. Harmless at any other time.
    /// </summary>
    public void NotifyNetworkChanged() => _lifecycle.NetworkChanged();
}
