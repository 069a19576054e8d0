using System.Diagnostics.CodeAnalysis;

namespace Relink.Server.Connections;

/// <summary>
/// A connection's outbound frames: a bounded FIFO with many producers (any thread that sends to this client) and
/// one consumer at a time (the connection's drain). Writes never wait: a full queue refuses, and the caller treats
/// that as a slow reader. Completing it lets the consumer drain what is queued, then see the end.
/// </summary>
/// <remarks>
/// It replaces a bounded <c>System.Threading.Channels</c> channel, which costs ~0.7 KiB per connection for reader
/// and writer objects, two deques, a completion task and waiter objects that one consumer and non-waiting writers
/// never use. Here an idle connection holds this object and a 4-slot ring (allocated on the first frame, grown by
/// doubling up to the bound, and dropped again when a burst that grew it past <see cref="RetainedSlots"/> is
/// drained). It has no way to wait for an item: the connection starts a drain when it queues one.
/// </remarks>
internal sealed class OutboundQueue<T>
    where T : class
{
    private const int InitialSlots = 4;

    /// <summary>A drained ring larger than this is let go: one burst should not pin its memory for good.</summary>
    internal const int RetainedSlots = 64;

    private readonly int _capacity;
    private T?[]? _slots;
    private int _head;
    private int _count;
    private bool _completed;

    /// <summary>Creates an empty queue that holds at most <paramref name="capacity"/> items.</summary>
    public OutboundQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Items queued right now.</summary>
    public int Count
    {
        get
        {
            lock (Gate)
            {
                return _count;
            }
        }
    }

    /// <summary>True once the queue is completed and everything in it was read: nothing more will come.</summary>
    public bool IsFinished
    {
        get
        {
            lock (Gate)
            {
                return _completed && _count == 0;
            }
        }
    }

    // The queue is private to its connection, so locking on itself cannot collide with anyone else's lock, and it
    // saves a lock object per connection.
    private object Gate => this;

    /// <summary>Queues an item; false when the queue is full or completed. Never waits.</summary>
    public bool TryWrite(T item)
    {
        lock (Gate)
        {
            if (_completed || _count == _capacity)
            {
                return false;
            }

            if (_slots is null)
            {
                _slots = new T?[Math.Min(InitialSlots, _capacity)];
            }
            else if (_count == _slots.Length)
            {
                Grow();
            }

            _slots[(_head + _count) % _slots.Length] = item;
            _count++;
            return true;
        }
    }

    /// <summary>Takes the oldest item, if any.</summary>
    public bool TryRead([MaybeNullWhen(false)] out T item)
    {
        lock (Gate)
        {
            if (_count == 0)
            {
                item = null;
                return false;
            }

            var slots = _slots!;
            item = slots[_head]!;
            slots[_head] = null;
            _head = (_head + 1) % slots.Length;
            _count--;
            if (_count == 0)
            {
                _head = 0;
                if (slots.Length > RetainedSlots)
                {
                    _slots = null;
                }
            }

            return true;
        }
    }

    /// <summary>Refuses further writes; items already queued can still be read. False when it was already completed.</summary>
    public bool TryComplete()
    {
        lock (Gate)
        {
            if (_completed)
            {
                return false;
            }

            _completed = true;
            return true;
        }
    }

    private void Grow()
    {
        var slots = _slots!;
        var grown = new T?[Math.Min(slots.Length * 2, _capacity)];
        for (int i = 0; i < _count; i++)
        {
            grown[i] = slots[(_head + i) % slots.Length];
        }

        _slots = grown;
        _head = 0;
    }
}
