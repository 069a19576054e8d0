namespace Relink.Client;

/// <summary>What an <see cref="IReconnectPolicy"/> decides the next delay from.</summary>
/// <param name="Attempt">
/// The number of the attempt to come, from 1. Attempts count on across short-lived connections: a link that drops
/// again before it was up for <see cref="RelinkClientOptions.StableConnectionPeriod"/> continues the count (so a
/// flapping network backs off), one that stayed up that long starts again from 1. A refusal by a busy server that
/// says when to come back (<see cref="RelinkException.RetryAfter"/>) is not counted, and the policy is not asked for
/// the wait after it: the server's time is taken.
/// </param>
/// <param name="Elapsed">How long the session has been down (since the link was lost, or since the client started
/// looking for the server).</param>
/// <param name="LastError">Why the link was lost or the last attempt failed, for people and logs.</param>
/// <param name="Error">The failure behind <paramref name="LastError"/>, if there was one.</param>
public readonly record struct ReconnectContext(int Attempt, TimeSpan Elapsed, string LastError, Exception? Error = null);
