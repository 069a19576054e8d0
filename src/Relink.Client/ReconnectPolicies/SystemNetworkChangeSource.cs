using System.Net.NetworkInformation;

namespace Relink.Client;

/// <summary>
/// The operating system's network notifications (<see cref="NetworkChange"/>): raised when the network becomes
/// available and when this machine's addresses change (a new Wi-Fi, a cable plugged in, a VPN up). Losing the network
/// is not raised: the link's own failure, or its heartbeat, says that.
/// </summary>
public sealed class SystemNetworkChangeSource : INetworkChangeSource
{
    private readonly Lock _gate = new();
    private EventHandler? _handlers;
    private bool _listening;

    private SystemNetworkChangeSource()
    {
    }

    /// <summary>The one instance: the operating system's notifications are process-wide.</summary>
    public static SystemNetworkChangeSource Instance { get; } = new();

    /// <inheritdoc />
    public event EventHandler? NetworkChanged
    {
        add
        {
            lock (_gate)
            {
                _handlers += value;
                if (!_listening)
                {
                    _listening = TryListen();
                }
            }
        }

        remove
        {
            lock (_gate)
            {
                _handlers -= value;
            }
        }
    }

    // Subscribed once, for the life of the process: NetworkChange is static, and on Linux each subscription shares
    // one netlink socket anyway. Clients come and go through _handlers.
    private bool TryListen()
    {
        try
        {
            NetworkChange.NetworkAvailabilityChanged += (_, e) =>
            {
                if (e.IsAvailable)
                {
                    Raise();
                }
            };
            NetworkChange.NetworkAddressChanged += (_, _) => Raise();
            return true;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or NetworkInformationException)
        {
            // No notifications here (a sandbox, a browser): clients still reconnect on their schedule.
            return false;
        }
    }

    private void Raise()
    {
        EventHandler? handlers;
        lock (_gate)
        {
            handlers = _handlers;
        }

        handlers?.Invoke(this, EventArgs.Empty);
    }
}
