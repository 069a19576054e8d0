namespace Relink.Testing;

/// <summary>
/// The current <see cref="LinkFaults"/> of one direction, changed by the test thread while the pump runs, with a
/// wake-up for a pump held by a black hole.
/// </summary>
internal sealed class LinkFaultState(LinkFaults initial)
{
    private readonly object _gate = new();
    private LinkFaults _faults = initial;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LinkFaults Current
    {
        get
        {
            lock (_gate)
            {
                return _faults;
            }
        }
    }

    public void Change(Func<LinkFaults, LinkFaults> change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _faults = change(_faults);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Returns the faults to apply now, waiting first for as long as the direction is black-holed.</summary>
    public async ValueTask<LinkFaults> WaitUntilFlowingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (!_faults.BlackHoled)
                {
                    return _faults;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
