using System.Threading.RateLimiting;
using Relink.Server.Configuration;

namespace Relink.Server.Limits;

/// <summary>
/// Keeps a user from flooding strangers with friend requests (the one thing that reaches a non-friend): a token
/// bucket per user, a burst then a steady rate per hour. Partitioned limiters share one replenishment timer.
/// </summary>
public sealed class FriendRequestThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _perUser;

    /// <summary>Builds the limiter from the options; a zero burst turns it off.</summary>
    public FriendRequestThrottle(LimitOptions options)
    {
        int perHour = Math.Max(1, options.FriendRequestsPerHour);
        _perUser = options.FriendRequestBurst <= 0 ? null : PartitionedRateLimiter.Create<string, string>(
            user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.FriendRequestBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromHours(1) / perHour,
                QueueLimit = 0,
                AutoReplenishment = true,
            }),
            StringComparer.Ordinal);
    }

    /// <summary>Takes one request from the user's bucket; false when it is spent.</summary>
    public bool TryRequest(string userId)
    {
        using var lease = _perUser?.AttemptAcquire(userId);
        return lease is not { IsAcquired: false };
    }

    /// <inheritdoc />
    public void Dispose() => _perUser?.Dispose();
}
