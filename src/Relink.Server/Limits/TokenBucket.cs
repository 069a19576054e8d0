namespace Relink.Server.Limits;

/// <summary>
/// A token bucket refilled from timestamps when it is used, not by a timer: cheap enough to keep one per
/// connection (System.Threading.RateLimiting's auto-replenishing limiters each own a timer).
/// Not thread-safe: one connection's requests are handled one at a time.
/// </summary>
internal struct TokenBucket
{
    private readonly double _capacity;
    private readonly double _perSecond;
    private double _tokens;
    private long _updatedAt;

    public TokenBucket(double capacity, double perSecond)
    {
        _capacity = capacity;
        _perSecond = perSecond;
        _tokens = capacity;
    }

    /// <summary>Whether the bucket has refilled to its capacity (as if unused for a while); takes nothing.</summary>
    public bool IsFull(TimeProvider time)
    {
        double tokens = _updatedAt == 0 ? _capacity : _tokens + time.GetElapsedTime(_updatedAt).TotalSeconds * _perSecond;
        return tokens >= _capacity;
    }

    /// <summary>Takes one token if there is one, refilling for the time passed since the last call.</summary>
    public bool TryTake(TimeProvider time)
    {
        long now = time.GetTimestamp();
        if (_updatedAt != 0)
        {
            _tokens = Math.Min(_capacity, _tokens + time.GetElapsedTime(_updatedAt, now).TotalSeconds * _perSecond);
        }

        _updatedAt = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
