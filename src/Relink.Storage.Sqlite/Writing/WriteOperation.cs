using Relink.Storage.Sqlite.Sql;

namespace Relink.Storage.Sqlite.Writing;

/// <summary>
/// One caller's change, waiting for the writer. Its task completes only after the transaction holding it commits.
/// A caller that cancels before the writer takes the operation gets a cancelled task and nothing is applied; once
/// taken, the operation runs to the end (an append's idempotency key makes a retry of it harmless).
/// </summary>
internal abstract class WriteOperation
{
    private const int Waiting = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int _state;

    /// <summary>Claims the operation for the current batch; false when its caller cancelled first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

    /// <summary>Applies the change inside the batch's transaction. Throws to refuse this operation alone.</summary>
    public abstract void Execute(StatementCache statements);

    /// <summary>Records why this operation alone was refused (its savepoint was rolled back).</summary>
    public abstract void Refuse(Exception reason);

    /// <summary>The batch committed: hands the caller its result, or its refusal.</summary>
    public abstract void Complete();

    /// <summary>The batch failed as a whole: nothing of it was applied.</summary>
    public abstract void Fail(StoreUnavailableException error);

    /// <summary>True when the caller's cancellation won the race against <see cref="TryTake"/>.</summary>
    protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting;
}

/// <summary>A <see cref="WriteOperation"/> whose change is a delegate and whose caller awaits a <typeparamref name="T"/>.</summary>
internal sealed class WriteOperation<T> : WriteOperation
{
    private readonly Func<StatementCache, T> _body;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;
    private T? _result;
    private Exception? _refusal;

    public WriteOperation(Func<StatementCache, T> body, CancellationToken cancellationToken)
    {
        _body = body;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((WriteOperation<T>)state!).OnCancelled(token), this);
        }
    }

    /// <summary>Completes after the commit that applied the change (or with its failure).</summary>
    public Task<T> Task => _completion.Task;

    public override void Execute(StatementCache statements)
    {
        _refusal = null;
        _result = _body(statements);
    }

    public override void Refuse(Exception reason)
    {
        _result = default;
        _refusal = reason;
    }

    public override void Complete()
    {
        _cancellation.Unregister();
        if (_refusal is not null)
        {
            _completion.TrySetException(_refusal);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    public override void Fail(StoreUnavailableException error)
    {
        _cancellation.Unregister();
        _completion.TrySetException(error);
    }

    private void OnCancelled(CancellationToken token)
    {
        if (TryCancel())
        {
            _completion.TrySetCanceled(token);
        }
    }
}
