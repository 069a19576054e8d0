using Relink.Server.Configuration;

namespace Relink.Server.Webhooks;

/// <summary>
/// When to try an event again, and when to stop: exponential backoff from <see cref="WebhookOptions.InitialRetryDelay"/>
/// (doubling, capped at <see cref="WebhookOptions.MaxRetryDelay"/>) with jitter, until the event is older than
/// <see cref="WebhookOptions.RetryWindow"/>.
/// </summary>
/// <param name="options">The webhook settings.</param>
/// <param name="time">The clock the waits and the window run on.</param>
/// <param name="random">A number in [0, 1) per wait; the jitter.</param>
public sealed class WebhookRetryPolicy(WebhookOptions options, TimeProvider time, Func<double> random)
{
    /// <summary>
    /// The wait after <paramref name="failedAttempts"/> failures in a row (1 or more). "Equal jitter": half the
    /// exponential step is fixed and half is random, so a receiver that comes back is not met by every conversation
    /// at the same instant, yet no retry comes sooner than half the step.
    /// </summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        // The exponent is capped only to keep the number finite: long before 40 doublings every step is the cap.
        double factor = Math.Pow(2, Math.Min(failedAttempts - 1, 40));
        double step = Math.Min(options.MaxRetryDelay.Ticks, options.InitialRetryDelay.Ticks * factor);
        return TimeSpan.FromTicks((long)(step / 2 + random() * step / 2));
    }

    /// <summary>Waits <see cref="DelayAfter"/> on the policy's clock.</summary>
    public Task WaitAsync(int failedAttempts, CancellationToken cancellationToken) =>
        Task.Delay(DelayAfter(failedAttempts), time, cancellationToken);

    /// <summary>Whether an event that happened at <paramref name="occurredAt"/> and just failed again is past its window.</summary>
    public bool GivesUp(DateTimeOffset occurredAt) => time.GetUtcNow() - occurredAt >= options.RetryWindow;
}
