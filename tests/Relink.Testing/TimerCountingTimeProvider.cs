using Microsoft.Extensions.Time.Testing;

namespace Relink.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells how many of its timers are armed. FakeTimeProvider keeps its
/// timers to itself, and some tests must see them: "the proxy is holding bytes" is a delay timer being armed, and
/// "one sweeper serves every connection" is exactly one timer on the server's clock.
/// </summary>
public sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private int _armed;

    /// <summary>How many timers are armed: created or changed with a finite due time, not yet fired (one-shot) nor disposed.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_gate)
            {
                return _armed;
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this, callback);
        timer.Start(dueTime, period, state);
        return timer;
    }

    private void Count(bool wasArmed, bool isArmed)
    {
        if (wasArmed != isArmed)
        {
            lock (_gate)
            {
                _armed += isArmed ? 1 : -1;
            }
        }
    }

    /// <summary>Wraps FakeTimeProvider's timer and follows whether it is armed.</summary>
    private sealed class CountedTimer(TimerCountingTimeProvider owner, TimerCallback callback) : ITimer
    {
        private readonly Lock _gate = new();
        private ITimer? _inner;
        private bool _armed;
        private bool _periodic;

        public void Start(TimeSpan dueTime, TimeSpan period, object? state)
        {
            Track(dueTime, period);
            _inner = owner.CreateInnerTimer(Fire, state, dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Track(dueTime, period);
            return _inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            Disarm();
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Fire(object? state)
        {
            if (!_periodic)
            {
                Disarm();
            }

            callback(state);
        }

        private void Track(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                bool was = _armed;
                _armed = dueTime != Timeout.InfiniteTimeSpan;
                _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
                owner.Count(was, _armed);
            }
        }

        private void Disarm()
        {
            lock (_gate)
            {
                owner.Count(_armed, false);
                _armed = false;
            }
        }
    }

    private ITimer CreateInnerTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, dueTime, period);
}
