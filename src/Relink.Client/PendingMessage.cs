namespace Relink.Client;

/// <summary>
/// A message <see cref="RelinkClient.SendAsync"/> accepted that the server has not acknowledged yet: waiting in the
/// outbox for a connection, or sent and waiting for its answer. A UI shows these as "sending…".
/// </summary>
/// <param name="ClientMsgId">Its idempotency key: every resend uses it, so the server stores the message once.</param>
/// <param name="Peer">Where it goes.</param>
/// <param name="Type">Text or emoji.</param>
/// <param name="Text">The text or emoji id.</param>
/// <param name="QueuedAt">When SendAsync accepted it (the client's clock).</param>
/// <param name="InFlight">Written on the current connection and waiting for the answer (false: waiting its turn).</param>
public sealed record PendingMessage(string ClientMsgId, Peer Peer, MessageType Type, string Text, DateTimeOffset QueuedAt, bool InFlight);

/// <summary>The set of <see cref="RelinkClient.PendingMessages"/> changed: one was added, acknowledged, failed or cancelled.</summary>
public sealed class PendingMessagesChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public PendingMessagesChangedEventArgs(int count) => Count = count;

    /// <summary>How many messages are pending now.</summary>
    public int Count { get; }
}
