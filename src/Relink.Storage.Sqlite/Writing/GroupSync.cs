namespace Relink.Storage.Sqlite.Writing;

/// <summary>
/// The overlapped mode's sync stage: one dedicated thread that syncs the WAL and then completes every write committed
/// before that sync began (group sync), in commit order. While it syncs, the writer commits the next batches; the
/// next sync covers all of them. A failed sync fails every write it covered with the store's retryable error, and
/// so does any batch the writer failed itself; completions leave in the order the batches were committed.
/// </summary>
/// <remarks>
/// No write completes before a sync that began after its commit has returned. After a failed sync, later writes
/// complete only through a later sync that succeeds. Bounded: the writer waits while <c>capacity</c> committed writes
/// are still waiting for their sync.
/// </remarks>
internal sealed class GroupSync : IAsyncDisposable
{
    private readonly IWalSync _sync;
    private readonly int _capacity;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<Settlement> _waiting;
    private List<Settlement> _settling;
    private bool _stopping;
    private long _syncs;
    private long _failures;

    public GroupSync(IWalSync sync, int capacity)
    {
        _sync = sync;
        _capacity = capacity;
        _waiting = new List<Settlement>(capacity);
        _settling = new List<Settlement>(capacity);
        _thread = new Thread(Run) { IsBackground = true, Name = "Relink SQLite WAL sync" };
        _thread.Start();
    }

    /// <summary>Syncs done so far (good or failed).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Syncs that failed.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Settles everything handed over (one last sync), then stops the thread.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        await _stopped.Task;
        _sync.Dispose();
    }

    /// <summary>
    /// A batch the writer is done with. Committed (<paramref name="error"/> null): its callers complete after the next
    /// sync. Failed: they hear of it after every batch committed before it was settled. Waits while the stage is full.
    /// </summary>
    public void Settle(List<WriteOperation> batch, StoreUnavailableException? error)
    {
        lock (_gate)
        {
            while (_waiting.Count >= _capacity)
            {
                Monitor.Wait(_gate);
            }

            foreach (var operation in batch)
            {
                _waiting.Add(new Settlement(operation, error));
            }

            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        try
        {
            while (TakeWaiting())
            {
                Settle(_settling);
                _settling.Clear();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Swaps the waiting list out (so the writer never waits on a sync); false once stopping and empty.</summary>
    private bool TakeWaiting()
    {
        lock (_gate)
        {
            while (_waiting.Count == 0)
            {
                if (_stopping)
                {
                    return false;
                }

                Monitor.Wait(_gate);
            }

            (_waiting, _settling) = (_settling, _waiting);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    private void Settle(List<Settlement> settling)
    {
        StoreUnavailableException? syncFailure = null;
        if (settling.Exists(static s => s.Error is null))
        {
            syncFailure = SyncOnce();
        }

        foreach (var (operation, error) in settling)
        {
            if ((error ?? syncFailure) is { } failure)
            {
                operation.Fail(failure);
            }
            else
            {
                operation.Complete();
            }
        }
    }

    private StoreUnavailableException? SyncOnce()
    {
        Interlocked.Increment(ref _syncs);
        try
        {
            _sync.Sync();
            return null;
        }
#pragma warning disable CA1031 // Whatever the sync threw, its callers must hear of it and the stage must live on.
        catch (Exception error)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _failures);
            return new StoreUnavailableException("The store committed the change but could not make it durable; retry it.", error);
        }
    }

    private readonly record struct Settlement(WriteOperation Operation, StoreUnavailableException? Error);
}
