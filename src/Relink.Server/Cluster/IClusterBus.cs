namespace Relink.Server.Cluster;

/// <summary>
/// The link between server nodes: publish a payload on a subject, and receive what other nodes publish on the
/// subjects this node subscribed to. A node never receives its own publications. Delivery is at most once and
/// best-effort (a push is a hint; the store is the truth); payloads one node publishes on one subject arrive at
/// another node in the order they were published.
/// </summary>
public interface IClusterBus : IAsyncDisposable
{
    /// <summary>
    /// Starts receiving: <paramref name="onMessage"/> gets (subject, payload) for each message, one at a time, in
    /// arrival order. Call once, before subscribing.
    /// </summary>
    Task StartAsync(Func<string, byte[], ValueTask> onMessage, CancellationToken cancellationToken);

    /// <summary>Starts receiving <paramref name="subject"/>; subscribing twice is the same as once.</summary>
    ValueTask SubscribeAsync(string subject);

    /// <summary>Stops receiving <paramref name="subject"/>; a no-op when not subscribed.</summary>
    ValueTask UnsubscribeAsync(string subject);

    /// <summary>Sends <paramref name="payload"/> to every other node subscribed to <paramref name="subject"/>.</summary>
    ValueTask PublishAsync(string subject, byte[] payload);

    /// <summary>
    /// Completes once the bus has taken everything this node published before the call, so it is on its way to the
    /// other nodes ahead of anything this node does next (a NATS server handles one connection's messages in order:
    /// its answer to a ping follows them).
    /// </summary>
    ValueTask FlushAsync();

    /// <summary>
    /// Raised when the link to the bus is back after an outage, once this node's subscriptions are in place again:
    /// whatever was published meanwhile may be lost, so the node catches its sessions up from the store.
    /// </summary>
    event Action? Restored;

    /// <summary>False while the link to the bus is down.</summary>
    bool IsConnected { get; }
}
