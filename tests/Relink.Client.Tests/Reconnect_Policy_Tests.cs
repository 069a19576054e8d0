using Microsoft.Extensions.Logging;

namespace Relink.Client.Tests;

public class Reconnect_Policy_Tests
{
    private static ReconnectContext Attempt(int attempt) => new(attempt, TimeSpan.FromSeconds(attempt), "connection refused");

    [Fact]
    public void Exponential_backoff_doubles_from_one_second_and_is_capped_at_thirty()
    {
        var policy = new ExponentialBackoffReconnectPolicy(jitter: ReconnectJitter.None);

        Enumerable.Range(1, 9).Select(a => policy.NextDelay(Attempt(a))!.Value.TotalSeconds)
            .ShouldBe([1, 2, 4, 8, 16, 30, 30, 30, 30]);
        policy.NextDelay(Attempt(10_000)).ShouldBe(TimeSpan.FromSeconds(30), "a huge attempt number caps instead of overflowing");
    }

    [Fact]
    public void The_default_policy_is_exponential_backoff_with_full_jitter_that_never_gives_up()
    {
        var policy = new RelinkClientOptions().ReconnectPolicy.ShouldBeOfType<ExponentialBackoffReconnectPolicy>();

        policy.Jitter.ShouldBe(ReconnectJitter.Full);
        policy.InitialDelay.ShouldBe(TimeSpan.FromSeconds(1));
        policy.MaxDelay.ShouldBe(TimeSpan.FromSeconds(30));
        policy.MaxAttempts.ShouldBeNull();
        policy.NextDelay(Attempt(1_000_000)).ShouldNotBeNull();
    }

    [Fact]
    public void Full_jitter_draws_from_zero_to_the_capped_delay_and_spreads_over_all_of_it()
    {
        var policy = new ExponentialBackoffReconnectPolicy(random: new Random(7));

        foreach (int attempt in new[] { 1, 3, 6, 12 })
        {
            TimeSpan cap = policy.ScheduledDelay(attempt);
            var delays = Enumerable.Range(0, 2000).Select(_ => policy.NextDelay(Attempt(attempt))!.Value).ToList();
            delays.ShouldAllBe(d => d >= TimeSpan.Zero && d < cap);

            // Every tenth of the window gets its share: clients that failed together come back spread out.
            var tenths = delays.GroupBy(d => (int)(d / cap * 10)).ToDictionary(g => g.Key, g => g.Count());
            Enumerable.Range(0, 10).ShouldAllBe(t => tenths.GetValueOrDefault(t) > 120);
        }
    }

    [Fact]
    public void Equal_jitter_keeps_at_least_half_the_delay()
    {
        var policy = new ExponentialBackoffReconnectPolicy(jitter: ReconnectJitter.Equal, random: new Random(3));

        var delays = Enumerable.Range(0, 1000).Select(_ => policy.NextDelay(Attempt(8))!.Value).ToList();

        delays.ShouldAllBe(d => d >= TimeSpan.FromSeconds(15) && d < TimeSpan.FromSeconds(30));
        delays.Distinct().Count().ShouldBeGreaterThan(900);
    }

    [Fact]
    public void Jitter_is_applied_after_the_cap_so_clients_past_it_do_not_return_in_lockstep()
    {
        var policy = new ExponentialBackoffReconnectPolicy(random: new Random(11));

        var atCap = Enumerable.Range(0, 100).Select(_ => policy.NextDelay(Attempt(20))!.Value).ToList();

        atCap.ShouldAllBe(d => d < TimeSpan.FromSeconds(30));
        atCap.Distinct().Count().ShouldBe(100);
    }

    [Fact]
    public void A_maximum_number_of_attempts_makes_the_policy_give_up()
    {
        var policy = new ExponentialBackoffReconnectPolicy(maxAttempts: 3, jitter: ReconnectJitter.None);

        policy.NextDelay(Attempt(3)).ShouldBe(TimeSpan.FromSeconds(4));
        policy.NextDelay(Attempt(4)).ShouldBeNull();
    }

    [Fact]
    public void Fixed_interval_tries_at_once_then_every_three_seconds()
    {
        var policy = new FixedIntervalReconnectPolicy();

        Enumerable.Range(1, 5).Select(a => policy.NextDelay(Attempt(a))).ShouldBe(
            [TimeSpan.Zero, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)]);
    }

    [Fact]
    public void Fixed_interval_logs_every_failure_as_an_error_and_alerts_after_each_run_of_consecutive_failures()
    {
        var log = new RecordingLogger();
        var policy = new FixedIntervalReconnectPolicy(TimeSpan.FromSeconds(5), alertAfter: 3, log);
        var alerts = new List<int>();
        policy.Alert += (_, context) => alerts.Add(context.Attempt);

        for (int attempt = 1; attempt <= 8; attempt++)
        {
            policy.NextDelay(Attempt(attempt));
        }

        // Attempt n follows n - 1 failures: failures 1..7 are errors, and failures 3 and 6 also alert.
        log.Entries.Count(e => e.Level == LogLevel.Error).ShouldBe(7);
        log.Entries.Where(e => e.Level == LogLevel.Critical).Select(e => e.Message).ShouldBe([
            "ALERT: still no link to the Relink server after 3 attempts and 4 s: connection refused. It needs an operator.",
            "ALERT: still no link to the Relink server after 6 attempts and 7 s: connection refused. It needs an operator.",
        ]);
        alerts.ShouldBe([4, 7]);
    }

    [Fact]
    public void Credentials_never_show_the_password()
    {
        new Credentials("alice", "hunter22").ToString().ShouldBe("Credentials { UserId = alice, Password = *** }");
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
