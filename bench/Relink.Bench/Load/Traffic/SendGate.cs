namespace Relink.Bench.Load.Traffic;

/// <summary>
/// One writer at a time on a connection, without a lock object or a queue: the pacer's sends, the receive loop's
/// delivery acks and the heartbeat wheel's pings may meet. A ping that finds the gate taken is skipped (the
/// connection is writing anyway); a message waits its turn.
/// </summary>
internal struct SendGate
{
    private int _taken;

    /// <summary>Takes the gate if free.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _taken, 1, 0) == 0;

    /// <summary>Releases the gate.</summary>
    public void Exit() => Volatile.Write(ref _taken, 0);
}
