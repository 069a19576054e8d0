namespace Relink.Server.Diagnostics;

/// <summary>The limits whose refusals <c>relink.limits.refusals</c> counts (tag <c>relink.limit</c>).</summary>
public enum RefusedLimit
{
    /// <summary>A login or password change over the per-account or per-address attempt budget.</summary>
    LoginThrottle,

    /// <summary>A connection over the server's total (<c>Limits:MaxConnections</c>).</summary>
    Connections,

    /// <summary>A connection over <c>Limits:MaxConnectionsPerAddress</c>.</summary>
    ConnectionsPerAddress,

    /// <summary>A connection over <c>Limits:MaxAnonymousPerAddress</c> (not logged in yet).</summary>
    AnonymousPerAddress,

    /// <summary>A message over the connection's send budget (<c>Limits:SendBurst</c>, <c>SendsPerSecond</c>).</summary>
    SendRate,

    /// <summary>A frame announcing more than <c>MaxClientFrame</c> bytes.</summary>
    FrameSize,

    /// <summary>A client whose outbound queue filled (<c>OutboundQueueCapacity</c>): dropped as a slow consumer.</summary>
    OutboundQueue,

    /// <summary>A typing signal over one per conversation every <c>TypingInterval</c>: dropped silently.</summary>
    TypingRate,

    /// <summary>A login or resume that found the node's login queue full or waited past <c>Limits:LoginQueueWait</c> (<c>MaxConcurrentLogins</c>).</summary>
    LoginQueue,
}

/// <summary>The store operations <c>relink.store.duration</c> times (tag <c>relink.store.operation</c>).</summary>
/// <remarks>
/// The ones on the paths an operator watches (send, ack, login, history), timed by their callers inside the async
/// methods that already wait for them: a timing wrapper around the store would add a state machine per message.
/// </remarks>
public enum StoreOperation
{
    /// <summary>Storing a sent message (the commit before the ack).</summary>
    AppendMessage,

    /// <summary>Moving a device's delivery cursors (an ack).</summary>
    AdvanceDelivered,

    /// <summary>Reading an account's credentials (login, resume, password change).</summary>
    FindCredentials,

    /// <summary>Reading what a login answer carries: groups, friends, talks with their latest messages.</summary>
    LoadSessionState,

    /// <summary>Reading a page of history.</summary>
    GetMessages,
}

/// <summary>How a login or resume ended (tag <c>relink.outcome</c>).</summary>
public enum AuthOutcome
{
    /// <summary>Logged in (or resumed).</summary>
    Ok,

    /// <summary>Unknown user, wrong password or disabled account.</summary>
    InvalidCredentials,

    /// <summary>Refused before the password was checked: too many attempts.</summary>
    Throttled,

    /// <summary>A resume token that is unknown, expired or already used.</summary>
    Rejected,
}
