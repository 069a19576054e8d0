using System.Diagnostics;
using Relink.Bench.Measurement;

namespace Relink.Bench.Load.Traffic;

/// <summary>
/// What every traffic connection reports to, from its own receive loop: acks and deliveries, each with its latency
/// from the message's intended send time (the pacer's schedule, not the moment the write happened, so a stalled
/// server or generator shows up as latency instead of hiding it). Only messages intended inside the measuring window
/// enter the histograms; the counters count everything, by arrival.
/// </summary>
internal sealed class TrafficRecorder
{
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _sent;
    private long _acked;
    private long _delivered;
    private long _errors;
    private long _dropped;
    private long _receiverAcks;

    /// <summary>Send → the sender holds the server's acknowledgement (Relink: stored; SignalR: invocation completed).</summary>
    public LatencyHistogram AckLatency { get; } = new();

    /// <summary>Send → a recipient holds the message.</summary>
    public LatencyHistogram DeliveryLatency { get; } = new();

    /// <summary>Starts a load level: clears the histograms and measures messages intended in [start, end).</summary>
    public void BeginLevel(long windowStart, long windowEnd)
    {
        AckLatency.Reset();
        DeliveryLatency.Reset();
        Volatile.Write(ref _windowStart, windowStart);
        Volatile.Write(ref _windowEnd, windowEnd);
    }

    /// <summary>Counts a message written to a socket.</summary>
    public void Sent() => Interlocked.Increment(ref _sent);

    /// <summary>Counts the server's acknowledgement of the message intended at <paramref name="intended"/> (a Stopwatch timestamp).</summary>
    public void Acked(long intended, long now)
    {
        Interlocked.Increment(ref _acked);
        if (InWindow(intended))
        {
            AckLatency.Record(Microseconds(now - intended));
        }
    }

    /// <summary>Counts one recipient receiving the message intended at <paramref name="intended"/>.</summary>
    public void Delivered(long intended, long now)
    {
        Interlocked.Increment(ref _delivered);
        if (InWindow(intended))
        {
            DeliveryLatency.Record(Microseconds(now - intended));
        }
    }

    /// <summary>Counts a receiver's delivery acknowledgement written (Relink's batched <c>ack</c>; each is a store write on the server).</summary>
    public void ReceiverAckSent() => Interlocked.Increment(ref _receiverAcks);

    /// <summary>Counts an error answer to a send (rate limited, refused, unavailable).</summary>
    public void Error() => Interlocked.Increment(ref _errors);

    /// <summary>Counts a connection lost while the run needed it.</summary>
    public void Dropped() => Interlocked.Increment(ref _dropped);

    /// <summary>The counts now.</summary>
    public TrafficCounts Snapshot() => new(
        Stopwatch.GetTimestamp(),
        Volatile.Read(ref _sent),
        Volatile.Read(ref _acked),
        Volatile.Read(ref _delivered),
        Volatile.Read(ref _errors),
        Volatile.Read(ref _dropped),
        Volatile.Read(ref _receiverAcks));

    private bool InWindow(long intended) => intended >= Volatile.Read(ref _windowStart) && intended < Volatile.Read(ref _windowEnd);

    private static long Microseconds(long stopwatchTicks) => stopwatchTicks * 1_000_000 / Stopwatch.Frequency;
}

/// <summary>Counters at one moment (<see cref="At"/>, a Stopwatch timestamp); subtract two for a window.</summary>
internal readonly record struct TrafficCounts(long At, long Sent, long Acked, long Delivered, long Errors, long Dropped, long ReceiverAcks)
{
    /// <summary>Length of the interval between two snapshots.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, At);

    public static TrafficCounts operator -(TrafficCounts end, TrafficCounts start) =>
        new(end.At - start.At, end.Sent - start.Sent, end.Acked - start.Acked, end.Delivered - start.Delivered, end.Errors - start.Errors, end.Dropped - start.Dropped, end.ReceiverAcks - start.ReceiverAcks);
}
