using Microsoft.Extensions.Time.Testing;
using Relink.Server.Heartbeat;
using Relink.Testing;

namespace Relink.Server.Tests.Heartbeat;

public sealed class IdlePolicy_Tests
{
    private static readonly IdlePolicy Policy = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(10));
    private readonly FakeTimeProvider _time = new();

    private IdleState After(TimeSpan sinceConnect, TimeSpan sinceRead, TimeSpan sinceWrite, bool authenticated)
    {
        long start = _time.GetTimestamp();
        _time.Advance(sinceConnect);
        long now = _time.GetTimestamp();
        long At(TimeSpan ago) => now - (long)(ago.TotalSeconds * _time.TimestampFrequency);
        return Policy.Evaluate(_time, now, start, At(sinceRead), At(sinceWrite), authenticated);
    }

    [Fact]
    public void A_fresh_connection_is_active() =>
        After(TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.Zero, authenticated: false).ShouldBe(IdleState.Active);

    [Fact]
    public void An_anonymous_connection_past_the_login_deadline_is_overdue_even_if_it_talks() =>
        After(TimeSpan.FromSeconds(10), TimeSpan.Zero, TimeSpan.Zero, authenticated: false).ShouldBe(IdleState.LoginOverdue);

    [Fact]
    public void A_logged_in_connection_is_never_login_overdue() =>
        After(TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.Zero, authenticated: true).ShouldBe(IdleState.Active);

    [Fact]
    public void Nothing_read_for_the_timeout_is_reader_idle() =>
        After(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(35), TimeSpan.Zero, authenticated: true).ShouldBe(IdleState.ReaderIdle);

    [Fact]
    public void Just_under_the_timeout_is_not_reader_idle() =>
        After(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(34.9), TimeSpan.Zero, authenticated: true).ShouldBe(IdleState.Active);

    [Fact]
    public void Nothing_written_for_the_interval_is_writer_idle() =>
        After(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), authenticated: true).ShouldBe(IdleState.WriterIdle);

    [Fact]
    public void Reader_idle_wins_over_writer_idle() =>
        After(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(40), authenticated: true).ShouldBe(IdleState.ReaderIdle);

    [Fact]
    public void An_anonymous_connection_silent_past_the_heartbeat_timeout_waits_for_its_login_deadline()
    {
        // A login deadline longer than the heartbeat timeout: the client cannot know timeout_ms before login_ok.
        var policy = Policy with { Timeout = TimeSpan.FromSeconds(3) };
        long start = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(9.9));
        policy.Evaluate(_time, _time.GetTimestamp(), start, start, start, authenticated: false).ShouldBe(IdleState.Active);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        policy.Evaluate(_time, _time.GetTimestamp(), start, start, start, authenticated: false).ShouldBe(IdleState.LoginOverdue);
    }

    [Fact]
    public void An_anonymous_connection_gets_no_keepalive() =>
        After(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), authenticated: false).ShouldBe(IdleState.Active);
}
