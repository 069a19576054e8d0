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

        refused.RetryAfter.ShouldBeGreaterThanOrEqualTo(SessionEntryAdmission.MinRetryHint / 2);
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
    public void The_hint_grows_with_the_queue_and_is_spread_by_jitter()
    {
        var random = new Random(11);
        var small = Enumerable.Range(0, 50).Select(_ => SessionEntryAdmission.RetryHint(waiting: 10, maxConcurrent: 5, serviceMs: 1_000, random)).ToList();
        var large = Enumerable.Range(0, 50).Select(_ => SessionEntryAdmission.RetryHint(waiting: 100, maxConcurrent: 5, serviceMs: 1_000, random)).ToList();

        small.ShouldAllBe(h => h >= TimeSpan.FromSeconds(1.1) && h <= TimeSpan.FromSeconds(3.3)); // 11 × 1 s / 5, ×0.5..1.5
        large.ShouldAllBe(h => h >= TimeSpan.FromSeconds(10.1) && h <= TimeSpan.FromSeconds(30.3));
        small.Distinct().Count().ShouldBeGreaterThan(40, "jitter: refused clients do not come back together");
        SessionEntryAdmission.RetryHint(0, 25, 10, random).ShouldBeGreaterThanOrEqualTo(SessionEntryAdmission.MinRetryHint / 2);
        SessionEntryAdmission.RetryHint(100_000, 1, 1_000, random).ShouldBeLessThanOrEqualTo(SessionEntryAdmission.MaxRetryHint * 1.5);
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

        refused.RetryAfter.ShouldBeInRange(TimeSpan.FromMilliseconds(612), TimeSpan.FromMilliseconds(1_838)); // 5 × 245 ms, ×0.5..1.5
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
    }
}
