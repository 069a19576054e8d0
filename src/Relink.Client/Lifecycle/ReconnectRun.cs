using Relink.Client.Link;

namespace Relink.Client.Lifecycle;

/// <summary>
/// One stretch of trying to get a session back (or to get one at all, for StartAsync): how it is stopped, how its
/// waits are cut short, and how it ends for whoever awaits it. The loop itself is ClientLifecycle.RunAsync.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "_stop has no timer and no wait handle, so undisposed it is only garbage; disposing it would race with a late Stop() from another thread.")]
internal sealed class ReconnectRun
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<SessionState> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private CancellationTokenSource? _wait;
    private bool _skipNextWait;

    /// <summary>Cancelled when the run is stopped (StopReconnecting, a kick, dispose).</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Whether the run was stopped.</summary>
    public bool IsStopped => _stop.IsCancellationRequested;

    /// <summary>The session the run got back, or why it ended without one.</summary>
    public Task<SessionState> Result => _result.Task;

    /// <summary>The link the current attempt opened, so an abandoned attempt closes its own link and no other.</summary>
    public ClientLink? AttemptLink
    {
        get => Volatile.Read(ref field);
        set => Volatile.Write(ref field, value);
    }

    /// <summary>
    /// Starts the wait before the next attempt. The timer exists when this returns, so whoever sees the Reconnecting
    /// state can already move a manual clock past it. Completes when the delay passes, the wait is skipped, or the
    /// run stops (never faults).
    /// </summary>
    public Task WaitAsync(TimeSpan delay, TimeProvider time)
    {
        CancellationTokenSource wait;
        lock (_gate)
        {
            if (_skipNextWait || delay <= TimeSpan.Zero)
            {
                _skipNextWait = false;
                return Task.CompletedTask;
            }

            wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            _wait = wait;
        }

        return DelayAsync(Task.Delay(delay, time, wait.Token), wait);
    }

    /// <summary>
    /// Cuts the current wait short, so the next attempt starts now. Asked while an attempt is under way, it makes the
    /// attempt after it (if that one fails) start without waiting: a network that came back mid-attempt is worth
    /// trying again at once.
    /// </summary>
    public void SkipWait()
    {
        lock (_gate)
        {
            if (_wait is { IsCancellationRequested: false } wait)
            {
                wait.Cancel();
            }
            else
            {
                _skipNextWait = true;
            }
        }
    }

    /// <summary>Stops the run; a wait ends at once and the attempt under way is abandoned.</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>The run got a session.</summary>
    public void Succeed(SessionState session) => _result.TrySetResult(session);

    /// <summary>The run ended without a session.</summary>
    public void Fail(Exception reason) => _result.TrySetException(reason);

    private async Task DelayAsync(Task delay, CancellationTokenSource wait)
    {
        try
        {
            await delay;
        }
        catch (OperationCanceledException)
        {
            // Skipped or stopped: the loop looks at IsStopped to tell which.
        }
        finally
        {
            lock (_gate)
            {
                if (_wait == wait)
                {
                    _wait = null;
                }
            }

            wait.Dispose();
        }
    }
}
