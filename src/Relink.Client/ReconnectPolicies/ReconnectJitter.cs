namespace Relink.Client;

/// <summary>How <see cref="ExponentialBackoffReconnectPolicy"/> randomises each delay, after capping it.</summary>
/// <remarks>
/// Without jitter, every client that lost the same server at the same moment comes back at the same moments
/// (1 s, 2 s, 4 s later…), so a restarted server meets its whole population in a few spikes. Jitter spreads them.
/// </remarks>
public enum ReconnectJitter
{
    /// <summary>The delay as computed: for tests and single clients only.</summary>
    None,

    /// <summary>
    /// A uniform draw from zero to the delay ("full jitter"). Spreads a crowd most evenly, and a person never waits
    /// longer than the schedule says; on average the wait is half of it.
    /// </summary>
    Full,

    /// <summary>
    /// Half the delay plus a uniform draw of up to the other half ("equal jitter"). Less spread, but never less than
    /// half the schedule, for servers that would rather see fewer early attempts.
    /// </summary>
    Equal,
}
