using Microsoft.Extensions.Time.Testing;
using Relink.Server.Configuration;
using Relink.Server.Webhooks;

namespace Relink.Server.Tests.Webhooks;

public sealed class Webhook_Retry_Policy_Tests
{
    private static readonly WebhookOptions Options = new()
    {
        InitialRetryDelay = TimeSpan.FromSeconds(1),
        MaxRetryDelay = TimeSpan.FromMinutes(5),
        RetryWindow = TimeSpan.FromHours(24),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 2, 4)]
    [InlineData(9, 128, 256)]
    [InlineData(10, 150, 300)] // 512 s capped at 5 min
    [InlineData(1000, 150, 300)]
    public void Each_failure_doubles_the_wait_up_to_the_cap_and_jitter_spreads_the_upper_half(int failures, double lowest, double highest)
    {
        new WebhookRetryPolicy(Options, _time, () => 0).DelayAfter(failures).ShouldBe(TimeSpan.FromSeconds(lowest));
        new WebhookRetryPolicy(Options, _time, () => 0.5).DelayAfter(failures).ShouldBe(TimeSpan.FromSeconds((lowest + highest) / 2));
        new WebhookRetryPolicy(Options, _time, () => 0.999999).DelayAfter(failures).TotalSeconds.ShouldBe(highest, tolerance: 0.001);
    }

    [Fact]
    public async Task The_wait_before_a_retry_runs_on_the_injected_clock()
    {
        var policy = new WebhookRetryPolicy(Options, _time, () => 0.5); // third wait: 3 s of 2..4 s

        var waiting = policy.WaitAsync(3, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
        waiting.IsCompleted.ShouldBeFalse("the backoff is not over a millisecond early");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void An_event_is_given_up_once_it_is_as_old_as_the_retry_window()
    {
        var policy = new WebhookRetryPolicy(Options, _time, () => 0);
        DateTimeOffset occurredAt = _time.GetUtcNow();

        _time.Advance(Options.RetryWindow - TimeSpan.FromMilliseconds(1));
        policy.GivesUp(occurredAt).ShouldBeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        policy.GivesUp(occurredAt).ShouldBeTrue();
    }
}
