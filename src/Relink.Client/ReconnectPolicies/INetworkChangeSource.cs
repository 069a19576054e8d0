namespace Relink.Client;

/// <summary>
/// Tells a client that the network may have come back (it became available, or this machine's addresses changed), so
/// a client that is waiting to reconnect tries at once instead of at its next backoff slot (a user who plugs the
/// cable back in should not wait 16 s for it). <see cref="SystemNetworkChangeSource"/> listens to the operating system;
/// a host with its own signal (a mobile platform's connectivity callback) implements this, or calls
/// <see cref="RelinkClient.NotifyNetworkChanged"/>.
/// </summary>
public interface INetworkChangeSource
{
    /// <summary>Raised when the network may have come back. Raising it when nothing changed costs one early attempt.</summary>
    event EventHandler? NetworkChanged;
}
