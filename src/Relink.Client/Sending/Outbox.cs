using Relink.Client.Link;

namespace Relink.Client.Sending;

/// <summary>
/// The messages the caller sent that the server has not acknowledged, oldest first, bounded. Messages go out one at a
/// time from the head (see RelinkClient.Outbox.cs for why), so the outbox is also the order they are stored in.
/// It is open while the client has, or is getting back, a session; closing it fails every entry with one reason and
/// refuses new ones with the same, atomically, so no send can slip in after the failure and wait forever.
/// </summary>
internal sealed class Outbox
{
    private readonly Lock _gate = new();
    private readonly LinkedList<OutboxEntry> _entries = new();
    private Exception _closedWith;
    private bool _open;
    private bool _pumping;
    private bool _pumpAgain;

    /// <param name="capacity">How many unacknowledged messages it holds before SendAsync refuses more.</param>
    /// <param name="closedWith">What a send is refused with before the first session.</param>
    public Outbox(int capacity, Exception closedWith)
    {
        Capacity = capacity;
        _closedWith = closedWith;
    }

    /// <summary>How many unacknowledged messages fit.</summary>
    public int Capacity { get; }

    /// <summary>How many are waiting.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Accepts sends from now on (a session started, or is being looked for).</summary>
    public void Open()
    {
        lock (_gate)
        {
            _open = true;
        }
    }

    /// <summary>Refuses sends from now on with <paramref name="reason"/>, and takes every waiting entry for failing.</summary>
    public List<OutboxEntry> Close(Exception reason)
    {
        lock (_gate)
        {
            _open = false;
            _closedWith = reason;
            List<OutboxEntry> taken = [.. _entries];
            _entries.Clear();
            return taken;
        }
    }

    /// <summary>Adds an entry at the tail.</summary>
    /// <exception cref="RelinkConnectionException">The outbox is closed (why is in the exception).</exception>
    /// <exception cref="RelinkOutboxFullException">The outbox is full.</exception>
    public void Add(OutboxEntry entry)
    {
        lock (_gate)
        {
            if (!_open)
            {
                throw _closedWith switch
                {
                    RelinkStoppedException stopped => new RelinkStoppedException(stopped.Stopped),
                    _ => new RelinkConnectionException(_closedWith.Message, _closedWith.InnerException),
                };
            }

            if (_entries.Count >= Capacity)
            {
                throw new RelinkOutboxFullException(Capacity);
            }

            _entries.AddLast(entry);
        }
    }

    /// <summary>
    /// Puts entries an earlier client left unacknowledged at the head, oldest first, ahead of anything queued since
    /// (they were sent first). Skips ids already here; ignores the capacity (they were accepted once already).
    /// </summary>
    /// <returns>How many were added.</returns>
    public int Restore(IReadOnlyList<OutboxEntry> entries)
    {
        lock (_gate)
        {
            var here = _entries.Select(e => e.ClientMsgId).ToHashSet(StringComparer.Ordinal);
            int added = 0;
            LinkedListNode<OutboxEntry>? after = null;
            foreach (OutboxEntry entry in entries)
            {
                if (!here.Add(entry.ClientMsgId))
                {
                    continue;
                }

                after = after is null ? _entries.AddFirst(entry) : _entries.AddAfter(after, entry);
                added++;
            }

            return added;
        }
    }

    /// <summary>
    /// Takes the oldest entry for sending on <paramref name="link"/> (marking it as on the wire there), dropping entries
    /// the caller gave up on while they waited. Null when nothing waits.
    /// </summary>
    /// <param name="link">The link it is about to be written on.</param>
    /// <param name="dropped">Whether abandoned entries were dropped (the pending set changed).</param>
    public OutboxEntry? ClaimHead(ClientLink link, out bool dropped)
    {
        lock (_gate)
        {
            dropped = false;
            while (_entries.First?.Value is { } head)
            {
                if (!head.Abandoned)
                {
                    head.SentOn = link;
                    return head;
                }

                _entries.RemoveFirst();
                dropped = true;
            }

            return null;
        }
    }

    /// <summary>The entry's link ended, or it must wait (rate limited): it is no longer on the wire.</summary>
    public void Release(OutboxEntry entry)
    {
        lock (_gate)
        {
            entry.SentOn = null;
        }
    }

    /// <summary>Removes an entry (acknowledged, refused, or abandoned); false when it was no longer there.</summary>
    public bool Remove(OutboxEntry entry)
    {
        lock (_gate)
        {
            return _entries.Remove(entry);
        }
    }

    /// <summary>Removes an entry the caller stopped waiting for, unless it is on the wire (its answer settles it).</summary>
    public bool RemoveIfNotSent(OutboxEntry entry)
    {
        lock (_gate)
        {
            return entry.SentOn is null or { IsClosed: true } && _entries.Remove(entry);
        }
    }

    /// <summary>The entries now, oldest first.</summary>
    public IReadOnlyList<PendingMessage> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries.Select(e => e.ToPending())];
        }
    }

    /// <summary>
    /// Asks for the outbox to be pumped. True when the caller must start the pump (none runs); otherwise the running
    /// pump is told to look again before it stops, so a send or a session that arrives as it finishes is not missed.
    /// </summary>
    public bool RequestPump()
    {
        lock (_gate)
        {
            if (_pumping)
            {
                _pumpAgain = true;
                return false;
            }

            _pumping = true;
            _pumpAgain = false;
            return true;
        }
    }

    /// <summary>The pump found nothing to do; false when it was asked to look again meanwhile (keep pumping).</summary>
    public bool TryEndPump()
    {
        lock (_gate)
        {
            if (_pumpAgain)
            {
                _pumpAgain = false;
                return false;
            }

            _pumping = false;
            return true;
        }
    }
}
