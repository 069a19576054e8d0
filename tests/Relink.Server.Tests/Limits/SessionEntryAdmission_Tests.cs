using Microsoft.Extensions.Time.Testing;
using Relink.Server.Limits;
using Relink.Server.Sessions;

namespace Relink.Server.Tests.Limits;

/// <summary>
/// The node's admission of logins and resumes to the store, on a manual clock: a few run at once, the others get
/// their turn in arrival order, one that finds the queue full or waits too long is refused with UNAVAILABLE and a
/// retry hint (the client gets UNAVAILABLE with it), and a waiter that gives up or whose connection closes takes no turn with it.
/// </summary>
public sealed class SessionEntryAdmission_Tests
{
    private readonly FakeTimeProvider _time = new();

    private SessionEntryAdmission Admission(int maxConcurrent = 2, int queueLimit = 10, int maxWaitSeconds = 5) =>
        new(maxConcurrent, queueLimit, TimeSpan.FromSeconds(maxWaitSeconds), _time, new Random(7));

    [Fact]
    public async Task Entries_beyond_the_limit_wait_and_get_their_turns_in_arrival_order()
    {
        using var admission = Admission(maxConcurrent: 2);
        var first = await admission.WaitTurnAsync(new Link());
        var second = await admission.WaitTurnAsync(new Link());
        var third = admission.WaitTurnAsync(new Link()).AsTask();
        var fourth = admission.WaitTurnAsync(new Link()).AsTask();

        admission.Running.ShouldBe(2);
        admission.Waiting.ShouldBe(2);
        third.IsCompleted.ShouldBeFalse();

        second.Dispose();
        var thirdTurn = await third.WaitAsync(TimeSpan.FromSeconds(30));
        fourth.IsCompleted.ShouldBeFalse("the fourth came after the third");
        admission.Running.ShouldBe(2);
        first.Dispose();
        (await fourth.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        thirdTurn.Dispose();

        admission.Running.ShouldBe(0);
        admission.Waiting.ShouldBe(0);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_with_unavailable_and_a_retry_hint()
    {
        using var admission = Admission(maxConcurrent: 1, queueLimit: 2);
        using var running = await admission.WaitTurnAsync(new Link());
        _ = admission.WaitTurnAsync(new Link()).AsTask();
        _ = admission.WaitTurnAsync(new Link()).AsTask();

        var refused = await Should.ThrowAsync<EntryRefusedException>(admission.WaitTurnAsync(new Link()).AsTask());

        refused.RetryAfter.ShouldBeGreaterThanOrEqualTo(SessionEntryAdmission.MinRetryHint * 0.9);
        admission.Waiting.ShouldBe(2, "the refused entry did not queue");
        admission.Refused.ShouldBe(1);
    }

    [Fact]
    public async Task An_entry_that_gets_no_turn_within_the_bound_is_refused_by_the_one_timer_with_a_hint()
    {
        using var admission = Admission(maxConcurrent: 1, maxWaitSeconds: 5);
        using var running = await admission.WaitTurnAsync(new Link());
        var early = admission.WaitTurnAsync(new Link()).AsTask();
        _time.Advance(TimeSpan.FromSeconds(2));
        var late = admission.WaitTurnAsync(new Link()).AsTask();

        _time.Advance(TimeSpan.FromSeconds(3)); // the early one's five seconds are up, the late one's not

        var refused = await Should.ThrowAsync<EntryRefusedException>(early.WaitAsync(TimeSpan.FromSeconds(30)));
        refused.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        late.IsCompleted.ShouldBeFalse();
        admission.Waiting.ShouldBe(1);

        _time.Advance(TimeSpan.FromSeconds(2));
        await Should.ThrowAsync<EntryRefusedException>(late.WaitAsync(TimeSpan.FromSeconds(30)));
        admission.Waiting.ShouldBe(0);
        admission.Running.ShouldBe(1, "only the entry that got in");
    }

    [Fact]
    public async Task A_waiter_cancelled_leaves_the_queue_at_once_and_takes_no_turn()
    {
        using var admission = Admission(maxConcurrent: 1);
        var running = await admission.WaitTurnAsync(new Link());
        using var giveUp = new CancellationTokenSource();
        var cancelled = admission.WaitTurnAsync(new Link(), giveUp.Token).AsTask();
        var next = admission.WaitTurnAsync(new Link()).AsTask();

        await giveUp.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(cancelled.WaitAsync(TimeSpan.FromSeconds(30)));
        admission.Waiting.ShouldBe(1);
        running.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        admission.Running.ShouldBe(0, "the cancelled waiter holds no turn");
        admission.Waiting.ShouldBe(0);
    }

    [Fact]
    public async Task A_waiter_whose_connection_closed_is_skipped_when_its_turn_comes()
    {
        using var admission = Admission(maxConcurrent: 1);
        var running = await admission.WaitTurnAsync(new Link());
        var gone = new Link();
        var closed = admission.WaitTurnAsync(gone).AsTask();
        var next = admission.WaitTurnAsync(new Link()).AsTask();

        gone.IsClosing = true;
        running.Dispose();

        await Should.ThrowAsync<OperationCanceledException>(closed.WaitAsync(TimeSpan.FromSeconds(30)));
        (await next.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        admission.Running.ShouldBe(0);
        admission.Waiting.ShouldBe(0);
    }

    [Fact]
    public async Task Refused_entries_are_promised_returns_one_after_another_at_the_pace_entries_go()
    {
        using var admission = Admission(maxConcurrent: 1, queueLimit: 2);
        using var running = await admission.WaitTurnAsync(new Link());
        _ = admission.WaitTurnAsync(new Link()).AsTask();
        _ = admission.WaitTurnAsync(new Link()).AsTask();

        var hints = new List<TimeSpan>();
        for (int i = 0; i < 30; i++)
        {
            hints.Add((await Should.ThrowAsync<EntryRefusedException>(admission.WaitTurnAsync(new Link()).AsTask())).RetryAfter);
        }

        // Entries go one at a time at (so far) 50 ms each: the first refused is due at the floor of 1 s, each later one
        // a slot of 50 ms after the one before, with ±10 % jitter.
        for (int i = 0; i < hints.Count; i++)
        {
            double promised = 1_000 + (50 * i);
            hints[i].TotalMilliseconds.ShouldBeInRange(promised * 0.9, promised * 1.1, $"refusal {i + 1}");
        }

        hints.Distinct().Count().ShouldBeGreaterThan(25, "jitter: neighbouring slots do not come back in the same instant");
        _time.Advance(TimeSpan.FromSeconds(10)); // the two waiters are refused by the timer, the queue fills again
        _ = admission.WaitTurnAsync(new Link()).AsTask();
        _ = admission.WaitTurnAsync(new Link()).AsTask();
        (await Should.ThrowAsync<EntryRefusedException>(admission.WaitTurnAsync(new Link()).AsTask())).RetryAfter
            .ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(1.1), "the promises made are past: the next is back at the floor");
    }

    [Fact]
    public async Task Returns_are_promised_no_further_ahead_than_twice_the_wait_bound_so_a_burst_refused_while_entries_were_slow_comes_back_for_a_fresh_estimate()
    {
        using var admission = Admission(maxConcurrent: 1, queueLimit: 2, maxWaitSeconds: 5);
        var slow = await admission.WaitTurnAsync(new Link());
        _time.Advance(TimeSpan.FromSeconds(20));
        slow.Dispose(); // one entry held its turn 20 s (the store was swamped): the pace reckoned with is now ~2 s each
        using var running = await admission.WaitTurnAsync(new Link());
        _ = admission.WaitTurnAsync(new Link()).AsTask();
        _ = admission.WaitTurnAsync(new Link()).AsTask();

        var hints = new List<TimeSpan>();
        for (int i = 0; i < 100; i++)
        {
            hints.Add((await Should.ThrowAsync<EntryRefusedException>(admission.WaitTurnAsync(new Link()).AsTask())).RetryAfter);
        }

        admission.PromiseHorizon.ShouldBe(TimeSpan.FromSeconds(10), "twice the wait bound");
        // At ~2 s an entry the 100th would have been promised ~200 s (60 s, the old cap); each comes back within the
        // horizon instead, and is refused or let in at the pace measured by then.
        hints.Max().ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(11), "no promise past the horizon (+10 % jitter), however slow the entries were");
        hints.Min().ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5.5), "the first refused still come after the queue ahead, at that pace");
    }

    [Fact]
    public async Task An_entry_whose_turn_would_come_after_the_bound_at_the_current_pace_is_refused_at_once_with_about_that_wait()
    {
        using var admission = Admission(maxConcurrent: 1, queueLimit: 100, maxWaitSeconds: 1);
        var slow = await admission.WaitTurnAsync(new Link());
        _time.Advance(TimeSpan.FromSeconds(2));
        slow.Dispose(); // entries take longer now: the pace the admission reckons with is about 245 ms each
        using var running = await admission.WaitTurnAsync(new Link());
        var waiting = Enumerable.Range(0, 4).Select(_ => admission.WaitTurnAsync(new Link()).AsTask()).ToList(); // due within the second

        var refused = await Should.ThrowAsync<EntryRefusedException>(admission.WaitTurnAsync(new Link()).AsTask());

        refused.RetryAfter.ShouldBeInRange(TimeSpan.FromMilliseconds(1_102), TimeSpan.FromMilliseconds(1_348)); // after the 4 waiting, 245 ms each, ±10 %
        admission.Waiting.ShouldBe(4);
        waiting.ShouldAllBe(w => !w.IsCompleted);
    }

    [Fact]
    public async Task Zero_turns_the_admission_off()
    {
        using var admission = Admission(maxConcurrent: 0, queueLimit: 0);
        for (int i = 0; i < 100; i++)
        {
            _ = await admission.WaitTurnAsync(new Link());
        }

        admission.Waiting.ShouldBe(0);
    }

    private sealed class Link : ISessionLink
    {
        public long Id => 1;

        public string Transport => "test";

        public string RemoteAddress => "test";

        public string AddressKey => "test";

        public bool IsClosing { get; set; }

        public bool Send(OutboundFrame frame) => true;

        public void Close(CloseReason reason) => IsClosing = true;

        public void Abort(CloseReason reason) => IsClosing = true;

        public void RestartReadClock()
        {
        }
    }
}
