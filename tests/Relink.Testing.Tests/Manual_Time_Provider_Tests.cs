namespace Relink.Testing.Tests;

public sealed class Manual_Time_Provider_Tests
{
    [Fact]
    public void Timers_fire_inside_Advance_in_due_order_with_the_clock_at_their_due_time()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = time.CreateTimer(_ => fired.Add(("late", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => fired.Add(("early", time.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMilliseconds(999));
        fired.ShouldBeEmpty();

        time.Advance(TimeSpan.FromSeconds(5));
        fired.ShouldBe([("early", TimeSpan.FromSeconds(1)), ("late", TimeSpan.FromSeconds(3))]);
        (time.GetUtcNow() - start).ShouldBe(TimeSpan.FromMilliseconds(5999));
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_and_a_disposed_one_never()
    {
        var time = new ManualTimeProvider();
        int ticks = 0, disposedTicks = 0;
        using var periodic = time.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var disposed = time.CreateTimer(_ => disposedTicks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        disposed.Dispose();

        time.Advance(TimeSpan.FromSeconds(10));

        ticks.ShouldBe(10);
        disposedTicks.ShouldBe(0);
        time.ActiveTimers.ShouldBe(1);
    }

    [Fact]
    public async Task Task_Delay_on_the_manual_clock_completes_only_when_time_is_advanced()
    {
        var time = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(1), time);
        time.ActiveTimers.ShouldBe(1);
        delay.IsCompleted.ShouldBeFalse();

        time.Advance(TimeSpan.FromMinutes(1));

        await Eventually.WithinAsync(AsResult(delay), "the delay to complete");
        time.GetElapsedTime(0).ShouldBe(TimeSpan.FromMinutes(1));
    }

    private static async Task<bool> AsResult(Task task)
    {
        await task;
        return true;
    }
}
