namespace Relink.Server.Configuration;

/// <summary>Resource limits (section "Relink:Limits"). Zero turns a limit off.</summary>
public sealed class LimitOptions
{
    /// <summary>Open connections in all.</summary>
    public int MaxConnections { get; set; } = 50_000;

    /// <summary>Open connections from one IP address (a NAT may hide many users behind one).</summary>
    public int MaxConnectionsPerAddress { get; set; } = 200;

    /// <summary>Connections from one IP address that have not logged in yet.</summary>
    public int MaxAnonymousPerAddress { get; set; } = 50;

    /// <summary>Login attempts one account may take in a burst, then <see cref="LoginAttemptsPerMinute"/>.</summary>
    public int LoginBurstPerAccount { get; set; } = 5;

    /// <summary>Login attempts from one IP address in a burst, then <see cref="LoginAttemptsPerMinute"/> × 10.</summary>
    public int LoginBurstPerAddress { get; set; } = 30;

    /// <summary>Steady login attempts per minute per account once the burst is spent.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 6;

    /// <summary>Messages one connection may send in a burst.</summary>
    public int SendBurst { get; set; } = 200;

    /// <summary>Steady messages per second per connection once the burst is spent.</summary>
    public int SendsPerSecond { get; set; } = 50;

    /// <summary>Friend requests one user may send in a burst, then <see cref="FriendRequestsPerHour"/>.</summary>
    public int FriendRequestBurst { get; set; } = 20;

    /// <summary>Steady friend requests per hour per user once the burst is spent.</summary>
    public int FriendRequestsPerHour { get; set; } = 30;

    /// <summary>
    /// Logins and resumes of this node that may run against the store at once; the others wait in a queue of
    /// <see cref="LoginQueueLimit"/>. Unset: half the PostgreSQL pool (<c>Max Pool Size</c>, 100 by default,
    /// so 50), leaving the rest for the sends, syncs and acknowledgements of the clients already in, or none on
    /// SQLite. Zero turns the limit off.
    /// </summary>
    public int? MaxConcurrentLogins { get; set; }

    /// <summary>
    /// Logins and resumes that may wait for a turn behind <see cref="MaxConcurrentLogins"/>; one more is refused at
    /// once with UNAVAILABLE and a <c>retry_after_ms</c> hint.
    /// </summary>
    public int LoginQueueLimit { get; set; } = 2000;

    /// <summary>
    /// The longest a login or resume waits for its turn before it is refused with UNAVAILABLE and a retry hint:
    /// well below the client's login deadline (10 s in the SDKs), so an entry that starts still has time to finish.
    /// </summary>
    public TimeSpan LoginQueueWait { get; set; } = TimeSpan.FromSeconds(5);
}
