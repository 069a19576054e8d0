namespace Relink.Testing.Tests;

public sealed class TimerCountingTimeProvider_Tests
{
    [Fact]
    public void A_periodic_timer_stays_armed_after_firing_and_a_disposed_one_is_not_counted()
    {
        var time = new TimerCountingTimeProvider();
        int ticks = 0;
        using var periodic = time.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var disposed = time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.ActiveTimers.ShouldBe(2);

        disposed.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));

        ticks.ShouldBe(10);
        time.ActiveTimers.ShouldBe(1);
    }

    [Fact]
    public void A_delay_is_an_armed_timer_until_time_reaches_it()
    {
        var time = new TimerCountingTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(1), time);
        time.ActiveTimers.ShouldBe(1);

        time.Advance(TimeSpan.FromMinutes(1));

        delay.IsCompleted.ShouldBeTrue();
        time.ActiveTimers.ShouldBe(0);
    }

    [Fact]
    public void A_timer_changed_to_never_is_disarmed()
    {
        var time = new TimerCountingTimeProvider();
        using var timer = time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        time.ActiveTimers.ShouldBe(0);
    }
}
