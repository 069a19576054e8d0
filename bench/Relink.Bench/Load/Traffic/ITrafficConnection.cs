namespace Relink.Bench.Load.Traffic;

/// <summary>
/// A logged-in connection that sends chat messages to one fixed target (a user or a group, chosen at setup) and
/// reports acks and deliveries to a <see cref="TrafficRecorder"/>. Pinged by the <see cref="HeartbeatWheel"/> once per
/// interval; a ping that meets a write under way is skipped.
/// </summary>
internal interface ITrafficConnection : IBenchConnection
{
    /// <summary>
    /// Sends the message the pacer scheduled at <paramref name="intended"/> (a Stopwatch timestamp, carried in the
    /// message so acks and deliveries can be timed from it). Completes synchronously unless the socket is full.
    /// Never throws: a failed send counts as a drop.
    /// </summary>
    ValueTask SendAsync(long intended);

    /// <summary>
    /// Sends what a receiver owes the server if it has waited long enough (Relink's batched delivery ack, due
    /// <see cref="RelinkTrafficConnection.AckDelay"/> after the first message it covers); called by one shared loop.
    /// SignalR receivers owe nothing.
    /// </summary>
    /// <param name="now">A Stopwatch timestamp.</param>
    void FlushAcknowledgements(long now);
}
