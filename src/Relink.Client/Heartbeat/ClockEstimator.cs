namespace Relink.Client.Heartbeat;

/// <summary>
/// Estimates round-trip time and the server clock's offset from request/answer pairs that carry the server's
/// time (Ping/Pong, Login). The offset assumes the way there and back took equally long; the exchange with the
/// shortest round trip has the least room for that to be wrong, so the offset comes from the fastest of the
/// last few samples (the clock filter of NTP), while the round-trip time reported is the latest.
/// </summary>
internal sealed class ClockEstimator
{
    private const int Window = 8;

    private readonly Lock _gate = new();
    private readonly Queue<(TimeSpan RoundTrip, TimeSpan Offset)> _samples = new();
    private TimeSpan? _roundTrip;
    private TimeSpan _offset;

    /// <summary>The latest round-trip time, or null before the first sample.</summary>
    public TimeSpan? RoundTripTime
    {
        get
        {
            lock (_gate)
            {
                return _roundTrip;
            }
        }
    }

    /// <summary>Server clock minus local clock (zero before the first sample).</summary>
    public TimeSpan ClockOffset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    /// <summary>Adds one exchange.</summary>
    /// <param name="sentAt">Local wall-clock time when the request left.</param>
    /// <param name="roundTrip">Measured time from sending to receiving the answer.</param>
    /// <param name="serverTime">The server's clock when it answered.</param>
    public void Add(DateTimeOffset sentAt, TimeSpan roundTrip, DateTimeOffset serverTime)
    {
        if (roundTrip < TimeSpan.Zero)
        {
            return;
        }

        TimeSpan offset = serverTime - (sentAt + (roundTrip / 2));
        lock (_gate)
        {
            _samples.Enqueue((roundTrip, offset));
            if (_samples.Count > Window)
            {
                _samples.Dequeue();
            }

            _roundTrip = roundTrip;
            _offset = _samples.MinBy(s => s.RoundTrip).Offset;
        }
    }
}
