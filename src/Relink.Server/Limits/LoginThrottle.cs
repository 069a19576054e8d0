using System.Threading.RateLimiting;
using Relink.Server.Configuration;

namespace Relink.Server.Limits;

/// <summary>
/// Slows password guessing: login and password-change attempts are limited per account and per address, with token buckets
/// from System.Threading.RateLimiting (partitioned limiters share one replenishment timer, whatever the number of
/// partitions).
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _perAccount;
    private readonly PartitionedRateLimiter<string>? _perAddress;

    /// <summary>Builds the limiters from the options; a zero burst disables that limiter.</summary>
    public LoginThrottle(LimitOptions options)
    {
        _perAccount = Create(options.LoginBurstPerAccount, options.LoginAttemptsPerMinute);
        _perAddress = Create(options.LoginBurstPerAddress, options.LoginAttemptsPerMinute * 10);
    }

    /// <summary>Takes one attempt for the account and the address; false when either is spent.</summary>
    public bool TryAttempt(string accountId, string address)
    {
        using var byAccount = _perAccount?.AttemptAcquire(accountId);
        if (byAccount is { IsAcquired: false })
        {
            return false;
        }

        using var byAddress = _perAddress?.AttemptAcquire(address);
        return byAddress is not { IsAcquired: false };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _perAccount?.Dispose();
        _perAddress?.Dispose();
    }

    private static PartitionedRateLimiter<string>? Create(int burst, int perMinute) =>
        burst <= 0 ? null : PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = Math.Max(1, perMinute / 6),
            ReplenishmentPeriod = TimeSpan.FromSeconds(10),
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
}
