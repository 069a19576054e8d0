namespace Relink.Client;

/// <summary>
/// Decides how long a client waits before each attempt to get its lost session back, or that it stops trying
/// (the shape of SignalR's <c>IRetryPolicy</c>). One policy instance may serve many clients at once: everything it
/// needs is in the <see cref="ReconnectContext"/>, so implementations should keep no per-client state.
/// </summary>
/// <remarks>
/// Built in: <see cref="ExponentialBackoffReconnectPolicy"/> (the default, for apps people use) and
/// <see cref="FixedIntervalReconnectPolicy"/> (for services that must get their link back and have an operator).
/// Whatever the policy says, a server that announces a restart (<c>going_away</c>) is met at the time it asks for,
/// and a network change or <see cref="RelinkClient.ReconnectNow"/> skips the wait.
/// </remarks>
public interface IReconnectPolicy
{
    /// <summary>The wait before attempt <see cref="ReconnectContext.Attempt"/>, or null to stop trying.</summary>
    /// <param name="context">Which attempt comes next, how long the session has been down, and the last error.</param>
    /// <returns>The delay (zero for at once), or null to give up: the client then stops with <see cref="StopReason.GaveUp"/>.</returns>
    TimeSpan? NextDelay(ReconnectContext context);
}
