namespace Relink.Server.Configuration;

public sealed partial class RelinkServerOptions
{
    /// <summary>
    /// How long past the dead-link timeout (<see cref="HeartbeatTimeout"/>, counted from when the user's last device
    /// was last heard from) friends still see the user online: a device that comes back within it (a resume after a
    /// drop, a network change) announces nothing, so a flapping link does not make the dot flicker. Zero: offline is
    /// announced at the dead-link timeout.
    /// </summary>
    public TimeSpan PresenceGrace { get; set; } = TimeSpan.FromSeconds(15);
}
