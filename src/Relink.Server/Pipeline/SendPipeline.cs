using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Pipeline;

/// <summary>
/// The sends of one connection whose appends are in the store's queue and not answered yet, answered strictly in
/// the order they arrived, each after its own commit (docs/protocol.md §2, rule 5). The receive loop adds a send
/// as soon as its append is issued and goes on reading, so a connection's consecutive sends share the store's
/// group commit instead of paying one transaction each; one drain at a time awaits the oldest append, answers it
/// (the fan-out first), and moves on.
/// </summary>
/// <remarks>
/// Bounded: at <see cref="MaxOutstanding"/> sends waiting, the receive loop waits (<see cref="WhenRoomAsync"/>) for
/// the oldest to be answered before it issues the next, so it stops reading and TCP pushes back on the client. No
/// task or loop stays parked on a connection with nothing pending: a drain is queued to the thread pool when the
/// first send arrives and ends when the queue is empty. The ring starts small and grows to the bound, since most
/// connections never have more than one send pending.
/// </remarks>
internal sealed class SendPipeline(Session session, RequestDispatcher dispatcher) : PendingRequests, IThreadPoolWorkItem
{
    /// <summary>Sends of one connection that may wait for their answer at once.</summary>
    public const int MaxOutstanding = 128;

    private readonly object _gate = new();
    private PendingSend[] _ring = new PendingSend[2];
    private int _head;
    private int _count;
    private bool _draining;
    private TaskCompletionSource? _room;
    private TaskCompletionSource? _answered;
    private Action? _resume; // Drain as a delegate, made once per connection that sends

    /// <summary>
    /// Completes when another send may be taken in: at once unless <see cref="MaxOutstanding"/> wait for their answer,
    /// else when the oldest is answered. Awaited before the next send's append is issued, so at most that many of the
    /// connection's appends are ever in flight.
    /// </summary>
    public ValueTask WhenRoomAsync()
    {
        lock (_gate)
        {
            return _count < MaxOutstanding ? default : new ValueTask((_room ??= NewSignal()).Task);
        }
    }

    /// <summary>Queues <paramref name="send"/> behind the connection's earlier sends; there is room (<see cref="WhenRoomAsync"/>).</summary>
    public void Add(in PendingSend send)
    {
        bool startDrain;
        lock (_gate)
        {
            if (_count == MaxOutstanding)
            {
                throw new InvalidOperationException("The send pipeline is full: await WhenRoomAsync before adding.");
            }

            if (_count == _ring.Length)
            {
                Grow();
            }

            _ring[(_head + _count) % _ring.Length] = send;
            _count++;
            startDrain = !_draining;
            _draining = true;
        }

        if (startDrain)
        {
            // Not inline: the drain must not carry the receive loop's execution context (its current trace), and
            // the receive loop goes straight back to reading.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <inheritdoc />
    public override ValueTask WhenAnsweredAsync()
    {
        lock (_gate)
        {
            return _count == 0 ? default : new ValueTask((_answered ??= NewSignal()).Task);
        }
    }

    void IThreadPoolWorkItem.Execute() => Drain();

    /// <summary>
    /// Answers pending sends in order while their appends are done; at one still in the store, asks to be called
    /// again when it completes and returns. A callback rather than an async method: an async drain boxed a state
    /// machine per drain, which in chat (one send pending per connection) is one per message. The store completes
    /// appends off its writer thread (asynchronous continuations), so this runs on the thread pool, never inline
    /// in the writer; and <see cref="System.Runtime.CompilerServices.ConfiguredTaskAwaitable{TResult}.ConfiguredTaskAwaiter.UnsafeOnCompleted"/>
    /// carries no execution context, as the queued start does not either.
    /// </summary>
    private void Drain()
    {
        while (true)
        {
            PendingSend send;
            lock (_gate)
            {
                if (_count == 0)
                {
                    _draining = false;
                    Signal(ref _answered);
                    return;
                }

                send = _ring[_head];
            }

            AppendResult? result = null;
            Exception? failure = send.Refusal;
            if (failure is null)
            {
                var append = send.Issued.Append;
                if (!append.IsCompleted)
                {
                    append.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resume ??= Drain);
                    return;
                }

                try
                {
                    result = append.GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }

            dispatcher.AnswerSend(session, send, result, failure);
            lock (_gate)
            {
                _ring[_head] = default; // let the answered send's objects go
                _head = (_head + 1) % _ring.Length;
                _count--;
                Signal(ref _room);
            }
        }
    }

    private void Grow()
    {
        var larger = new PendingSend[Math.Min(_ring.Length * 2, MaxOutstanding)];
        for (int i = 0; i < _count; i++)
        {
            larger[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = larger;
        _head = 0;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void Signal(ref TaskCompletionSource? waiting)
    {
        waiting?.TrySetResult();
        waiting = null;
    }
}
