namespace Relink.Storage.Postgres.Appending;

/// <summary>
/// One caller's append, waiting for the append loop. Its task completes only after the transaction holding it
/// commits. A caller that cancels before the loop takes the append gets a cancelled task and nothing is stored; once
/// taken, the append runs to the end (its idempotency key makes a retry of it harmless).
/// </summary>
internal sealed class PendingAppend
{
    private const int Waiting = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<StoredMessage?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;
    private int _state;

    public PendingAppend(NewMessage message, long arrival, CancellationToken cancellationToken)
    {
        Message = message;
        Arrival = arrival;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingAppend)state!).OnCancelled(token), this);
        }
    }

    /// <summary>The message to store.</summary>
    public NewMessage Message { get; }

    /// <summary>Order of arrival at this node: appends to one conversation keep it within a batch.</summary>
    public long Arrival { get; }

    /// <summary>What this attempt of the batch stored: the message, or null when nothing was (a used key, no such conversation).</summary>
    public StoredMessage? Result { get; set; }

    /// <summary>Why the database refused this append alone, in this attempt of the batch.</summary>
    public Exception? Refusal { get; set; }

    /// <summary>Completes after the commit that stored the message (or with its failure).</summary>
    public Task<StoredMessage?> Task => _completion.Task;

    /// <summary>Claims the append for the current batch; false when its caller cancelled first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

    /// <summary>Forgets what an attempt that was rolled back found.</summary>
    public void Reset()
    {
        Result = null;
        Refusal = null;
    }

    /// <summary>The batch committed: hands the caller its result, or its refusal.</summary>
    public void Complete()
    {
        _cancellation.Unregister();
        if (Refusal is not null)
        {
            _completion.TrySetException(Refusal);
        }
        else
        {
            _completion.TrySetResult(Result);
        }
    }

    /// <summary>The batch failed as a whole: nothing of it was stored.</summary>
    public void Fail(Exception error)
    {
        _cancellation.Unregister();
        _completion.TrySetException(error);
    }

    private void OnCancelled(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting)
        {
            _completion.TrySetCanceled(token);
        }
    }
}
