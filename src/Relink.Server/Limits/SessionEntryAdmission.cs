namespace Relink.Server.Limits;

/// <summary>
/// Admits this node's logins and resumes to the store a few at a time. Each one reads and writes the store several
/// times; when a node dies, thousands of its clients resume on the others within seconds, and without a bound they
/// would all wait on the store's connection pool at once, starving everyone else's requests (and the node's own
/// lease) until the pool's timeout refused most of them. Here at most <see cref="MaxConcurrent"/> run, the others
/// wait in arrival order in a bounded queue, and one that cannot start within <see cref="MaxWait"/> (or finds the
/// queue full, or a queue ahead that, at the pace entries go, would take longer than that) is refused with UNAVAILABLE and a retry hint: a return slot of its own, after the queue and the entries refused
/// before it, at the pace entries go, with a little jitter, so the refused clients come back spread out at about
/// the rate the node can take them, instead of together.
/// </summary>
/// <remarks>
/// No timer per waiting entry: one timer, armed for the oldest waiter's deadline, refuses the waiters whose time is
/// up (FIFO with one wait bound, so the oldest is always due first). A waiter whose connection closed is skipped when
/// its turn comes, and one whose caller gave up (its token) leaves the queue at once.
/// </remarks>
public sealed class SessionEntryAdmission : IDisposable
{
    /// <summary>The shortest retry hint: below it, a refused client would be back before the queue moved.</summary>
    public static readonly TimeSpan MinRetryHint = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry hint before jitter.</summary>
    public static readonly TimeSpan MaxRetryHint = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly Queue<Waiter> _queue = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ITimer _timer;
    private int _running;
    private int _waiting; // waiters in _queue that still wait (cancelled ones stay in it until dequeued)
    private double _serviceMs = InitialServiceMs;
    private long _timerDue = long.MaxValue;
    private long _promised; // the latest return promised to a refused entry (a TimeProvider timestamp; 0: none yet)

    private const double InitialServiceMs = 50;

    /// <summary>An admission letting <paramref name="maxConcurrent"/> entries run (0: no limit) and <paramref name="queueLimit"/> wait up to <paramref name="maxWait"/>.</summary>
    public SessionEntryAdmission(int maxConcurrent, int queueLimit, TimeSpan maxWait, TimeProvider time, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxConcurrent);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        MaxConcurrent = maxConcurrent;
        QueueLimit = queueLimit;
        MaxWait = maxWait;
        _time = time;
        _random = random ?? Random.Shared;
        _timer = time.CreateTimer(_ => ExpireDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Entries that may run at once; 0 when the admission is off.</summary>
    public int MaxConcurrent { get; }

    /// <summary>
    /// How far ahead a refused entry is told to come back at most: twice the wait bound (the queue's length of work,
    /// then as long again to spread the refused over), within [<see cref="MinRetryHint"/>, <see cref="MaxRetryHint"/>].
    /// The pace a promise reckons with is measured during the burst, when every entry queues for the same store and
    /// runs several times slower than once the burst is past: promises further ahead kept clients away long after the
    /// node could take them (a 3,000-client resume storm: hints of 30 s on average, the node idle from 20 s on). Past
    /// the horizon a refused entry comes back at the horizon and gets a fresh promise then, at the pace measured by
    /// then; a refusal costs no store work.
    /// </summary>
    public TimeSpan PromiseHorizon => TimeSpan.FromTicks(Math.Clamp(MaxWait.Ticks * 2, MinRetryHint.Ticks, MaxRetryHint.Ticks));

    /// <summary>Entries that may wait for a turn.</summary>
    public int QueueLimit { get; }

    /// <summary>The longest an entry waits for its turn.</summary>
    public TimeSpan MaxWait { get; }

    /// <summary>Entries running now.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Entries waiting for a turn now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting;
            }
        }
    }

    /// <summary>Entries refused so far (queue full or waited too long).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    private long _refused;

    /// <summary>
    /// Waits for a turn for an entry from <paramref name="link"/>; dispose the turn when the entry is done with the
    /// store. Completes at once when a turn is free and nobody waits.
    /// </summary>
    /// <exception cref="EntryRefusedException">The queue is full, or no turn came within <see cref="MaxWait"/>: the client gets UNAVAILABLE with the exception's retry hint.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired, or the connection closed, while waiting.</exception>
    public ValueTask<Turn> WaitTurnAsync(IEntrant link, CancellationToken cancellationToken = default)
    {
        if (MaxConcurrent == 0)
        {
            return new(default(Turn));
        }

        Waiter waiter;
        lock (_gate)
        {
            if (_running < MaxConcurrent && _waiting == 0)
            {
                _running++;
                return new(new Turn(this, _time.GetTimestamp()));
            }

            if (_waiting >= QueueLimit)
            {
                return ValueTask.FromException<Turn>(RefuseLocked("too many logins are waiting"));
            }

            if (ExpectedWaitMs(_waiting + 1, MaxConcurrent, _serviceMs) > MaxWait.TotalMilliseconds)
            {
                // Its turn would come after the bound at the pace entries go now: say so at once, with about when
                // its turn would have come, rather than let it wait the whole bound first and then be refused.
                return ValueTask.FromException<Turn>(RefuseLocked("the logins ahead take longer than the wait allowed"));
            }

            waiter = new Waiter(link, _time.GetTimestamp());
            _queue.Enqueue(waiter);
            _waiting++;
            if (_waiting == 1)
            {
                ArmLocked();
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Admission = this;
            waiter.Registration = cancellationToken.Register(static (state, token) => ((Waiter)state!).Admission!.Cancel((Waiter)state!, token), waiter);
        }

        return new(waiter.Task);
    }

    /// <summary>Refuses the waiters whose wait is up. Called by the one timer; tests may call it after moving a manual clock.</summary>
    public void ExpireDue()
    {
        List<(Waiter, Exception?)>? done = null;
        lock (_gate)
        {
            _timerDue = long.MaxValue;
            long now = _time.GetTimestamp();
            while (_queue.TryPeek(out var head))
            {
                if (!head.Taken && !head.Link.IsClosing && _time.GetElapsedTime(head.EnqueuedAt, now) < MaxWait)
                {
                    break;
                }

                _queue.Dequeue();
                if (!head.Taken)
                {
                    (done ??= []).Add((head, TakeLocked(head, now)));
                }
            }

            ArmLocked();
        }

        Finish(done);
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void Release(long startedAt)
    {
        List<(Waiter, Exception?)>? done = null;
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            // How long an entry holds its turn, smoothed: what the retry hint reckons the queue's wait with.
            _serviceMs += (_time.GetElapsedTime(startedAt, now).TotalMilliseconds - _serviceMs) * 0.1;
            _running--;
            while (_running < MaxConcurrent && _queue.TryDequeue(out var next))
            {
                if (next.Taken)
                {
                    continue; // cancelled: already uncounted
                }

                var failure = TakeLocked(next, now);
                if (failure is null)
                {
                    _running++;
                    next.StartedAt = now;
                }

                (done ??= []).Add((next, failure));
            }

            ArmLocked();
        }

        Finish(done);
    }

    // Under _gate: takes a dequeued waiter off the count, and says why it cannot run (null: it runs now).
    private Exception? TakeLocked(Waiter waiter, long now)
    {
        waiter.Taken = true;
        _waiting--;
        if (waiter.Link.IsClosing)
        {
            return new OperationCanceledException("The connection closed while its login waited for a turn.");
        }

        return _time.GetElapsedTime(waiter.EnqueuedAt, now) >= MaxWait
            ? RefuseLocked("no turn came within " + MaxWait.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s")
            : null;
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            if (waiter.Taken)
            {
                return;
            }

            // Stays in the queue, marked taken; uncounted now, so the queue's bound and hint forget it.
            waiter.Taken = true;
            _waiting--;
        }

        waiter.TrySetCanceled(token);
    }

    // Outside _gate: continuations run elsewhere (the waiters' tasks run them asynchronously) but stay off the lock.
    private void Finish(List<(Waiter, Exception?)>? done)
    {
        if (done is null)
        {
            return;
        }

        foreach (var (waiter, failure) in done)
        {
            waiter.Registration.Dispose();
            if (failure is not null)
            {
                waiter.TrySetException(failure);
            }
            else if (!waiter.TrySetResult(new Turn(this, waiter.StartedAt)))
            {
                Release(waiter.StartedAt); // cannot happen (a taken waiter is not cancelled), but a turn must never leak
            }
        }
    }

    // Under _gate: the timer fires when the oldest live waiter's wait is up.
    private void ArmLocked()
    {
        while (_queue.TryPeek(out var head) && head.Taken)
        {
            _queue.Dequeue();
        }

        if (!_queue.TryPeek(out var oldest))
        {
            return;
        }

        long due = oldest.EnqueuedAt + (long)(MaxWait.TotalSeconds * _time.TimestampFrequency);
        if (due == _timerDue)
        {
            return;
        }

        _timerDue = due;
        var wait = _time.GetElapsedTime(_time.GetTimestamp(), due);
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    // Under _gate: the refusal, with the time this entry is promised to be let in.
    private EntryRefusedException RefuseLocked(string why)
    {
        Interlocked.Increment(ref _refused);
        var hint = RetryHint(NextReturnLocked(_time.GetTimestamp()), _random);
        return new EntryRefusedException($"The server is busy letting other clients in ({why}); try again in {hint.TotalSeconds:0.#} s.", hint);
    }

    /// <summary>
    /// Under _gate: how far from <paramref name="now"/> the refused entry should come back, in milliseconds. Each
    /// refused entry is promised a slot of its own after the queue and after the entries refused before it, at the
    /// pace entries go now (one every <c>service time / MaxConcurrent</c>): a burst of refusals comes back at about
    /// the rate the node lets clients in, neither together nor after the queue has run dry. The promise grows with
    /// the queue and with the refusals, within [<see cref="MinRetryHint"/>, <see cref="PromiseHorizon"/>].
    /// </summary>
    private double NextReturnLocked(long now)
    {
        double slotMs = _serviceMs / Math.Max(1, MaxConcurrent);
        double promisedMs = _promised == 0 ? 0 : (_promised - now) * 1000.0 / _time.TimestampFrequency; // negative once past
        double atMs = Math.Clamp(Math.Max(promisedMs, _waiting * slotMs) + slotMs, MinRetryHint.TotalMilliseconds, PromiseHorizon.TotalMilliseconds);
        _promised = now + (long)(atMs / 1000 * _time.TimestampFrequency);
        return atMs;
    }

    /// <summary>The hint for a return promised <paramref name="atMs"/> from now: with ±10 % jitter, so the entries promised neighbouring slots do not come back in the same instant.</summary>
    internal static TimeSpan RetryHint(double atMs, Random random) => TimeSpan.FromMilliseconds(Math.Round(atMs * (0.9 + (0.2 * random.NextDouble()))));

    // How long the entry at (1-based) position in the queue waits for its turn, entries taking serviceMs each.
    private static double ExpectedWaitMs(int position, int maxConcurrent, double serviceMs) => position * serviceMs / Math.Max(1, maxConcurrent);

    /// <summary>A turn with the store; disposing it lets the next waiter in. The default turn holds nothing.</summary>
    public readonly struct Turn : IDisposable
    {
        private readonly SessionEntryAdmission? _admission;
        private readonly long _startedAt;

        internal Turn(SessionEntryAdmission admission, long startedAt)
        {
            _admission = admission;
            _startedAt = startedAt;
        }

        /// <inheritdoc />
        public void Dispose() => _admission?.Release(_startedAt);
    }

    private sealed class Waiter(IEntrant link, long enqueuedAt) : TaskCompletionSource<Turn>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public IEntrant Link { get; } = link;

        public long EnqueuedAt { get; } = enqueuedAt;

        public long StartedAt { get; set; }

        public SessionEntryAdmission? Admission { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>Off the count (started, refused or cancelled); set under the admission's lock.</summary>
        public bool Taken { get; set; }
    }
}

/// <summary>A login or resume the node cannot take now (<see cref="SessionEntryAdmission"/>); the client is told to come back after <see cref="RetryAfter"/>.</summary>
public sealed class EntryRefusedException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>The wait the client is asked for before trying again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Who waits for a turn: a connection, whose waiting entry stops mattering once it closes.</summary>
public interface IEntrant
{
    /// <summary>True once a close or abort was asked for.</summary>
    bool IsClosing { get; }
}
