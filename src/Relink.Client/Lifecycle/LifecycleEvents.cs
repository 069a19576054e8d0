using Relink.Client.Link;

namespace Relink.Client.Lifecycle;

/// <summary>How a session came about.</summary>
internal enum SessionOrigin
{
    /// <summary>A login the application asked for (LoginAsync, StartAsync).</summary>
    LoggedIn,

    /// <summary>A lost session resumed with its token.</summary>
    Resumed,

    /// <summary>A lost session whose token was refused, logged in again with the credentials.</summary>
    LoggedInAgain,
}

/// <summary>
/// A session being put in place (<see cref="ClientLifecycle.SessionStarting"/>) or just in place
/// (<see cref="ClientLifecycle.SessionEstablished"/>), on the receive loop, before the session's first push is read.
/// </summary>
/// <param name="Link">The link the session runs on.</param>
/// <param name="Session">What the login or resume answer said.</param>
/// <param name="Previous">The session before it (null for the client's first), to tell a different user apart.</param>
/// <param name="Origin">Login, resume, or login again after a refused resume.</param>
/// <param name="Saved">For a login the application asked for: the state an earlier client saved, to carry on from.</param>
/// <param name="RequestSentAt">Wall-clock time the login or resume left (with <paramref name="RoundTrip"/>, a clock sample).</param>
/// <param name="RoundTrip">How long its answer took.</param>
internal sealed record NewSession(
    ClientLink Link,
    SessionState Session,
    SessionState? Previous,
    SessionOrigin Origin,
    ClientStateSnapshot? Saved,
    DateTimeOffset RequestSentAt,
    TimeSpan RoundTrip)
{
    /// <summary>For a session that came back: what changed while it was away (null for a login the application asked for).
    /// Set by the time <see cref="ClientLifecycle.SessionEstablished"/> is raised.</summary>
    public SessionChanges? Changes { get; init; }

    /// <summary>How long the session was away (the outage), for a session that came back.</summary>
    public TimeSpan Downtime { get; init; }
}

/// <summary>The link in use ended (<see cref="ClientLifecycle.LinkLost"/>).</summary>
/// <param name="Link">The link that ended.</param>
/// <param name="HadSession">Whether a session ran on it (false for a link still logging in or resuming).</param>
/// <param name="Reason">Why it ended.</param>
/// <param name="Error">The failure behind it.</param>
internal sealed record LinkLoss(ClientLink Link, bool HadSession, string Reason, Exception? Error);

/// <summary>
/// No session is coming (<see cref="ClientLifecycle.SessionEnded"/>): the client stopped, or the link dropped and the
/// client does not reconnect, or a session arrived that was no longer wanted.
/// </summary>
/// <param name="Failure">What the messages still waiting to be sent fail with.</param>
/// <param name="Forget">Whether those messages are given up for good (false: they stay in the state store, for the
/// next login, as after a dispose or when a password is needed).</param>
internal sealed record SessionEnd(Exception Failure, bool Forget);
