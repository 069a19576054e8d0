using Relink.Client.Link;

namespace Relink.Client.Sending;

/// <summary>
/// The messages the caller sent that the server has not acknowledged, oldest first, bounded. Messages go out in this
/// order, several at a time on one link (a window: see RelinkClient.Outbox.cs), and the server stores a connection's
/// sends in the order it reads them, so the outbox is also the order they are stored in.
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
    private bool _held;

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
    /// Takes the oldest entry that is not on the wire for sending on <paramref name="link"/> (marking it as on the wire
    /// there, as a new attempt), unless <paramref name="window"/> entries are on the wire there already or sending is
    /// held (a refusal for rate is being waited out). Drops entries the caller gave up on while they waited. Null when
    /// nothing may go out now.
    /// </summary>
    /// <param name="link">The link it is about to be written on.</param>
    /// <param name="window">How many entries may be on the wire on one link at once.</param>
    /// <param name="dropped">Whether abandoned entries were dropped (the pending set changed).</param>
    public OutboxEntry? ClaimNext(ClientLink link, int window, out bool dropped)
    {
        lock (_gate)
        {
            dropped = false;
            if (_held)
            {
                return null;
            }

            // The entries on the wire are the oldest ones (they were claimed in order and every earlier entry was
            // settled or is on the wire too), so the walk stops at the window or at the first entry waiting its turn.
            int onWire = 0;
            LinkedListNode<OutboxEntry>? node = _entries.First;
            while (node is not null)
            {
                OutboxEntry entry = node.Value;
                LinkedListNode<OutboxEntry>? next = node.Next;
                if (entry.SentOn == link)
                {
                    onWire++;
                }
                else if (entry.Abandoned)
                {
                    _entries.Remove(node);
                    dropped = true;
                }
                else
                {
                    if (onWire >= window)
                    {
                        return null;
                    }

                    entry.SentOn = link;
                    entry.Attempt++;
                    return entry;
                }

                node = next;
            }

            return null;
        }
    }

    /// <summary>
    /// Attempt <paramref name="attempt"/> of the entry is no longer on the wire (its link ended). False when that
    /// attempt is no longer the entry's latest on the wire (a later one went out, or a hold released it already).
    /// </summary>
    public bool Release(OutboxEntry entry, int attempt)
    {
        lock (_gate)
        {
            if (entry.Attempt != attempt || entry.SentOn is null)
            {
                return false;
            }

            entry.SentOn = null;
            return true;
        }
    }

    /// <summary>
    /// The server refused attempt <paramref name="attempt"/> of <paramref name="entry"/> for going too fast: holds all
    /// sending, and takes that entry and every later one written on the same link off the wire, to go out again in
    /// order once <see cref="Resume"/> is called. The server refuses the later ones too (it holds a refused send's
    /// place: see protocol.md, send_message), so nothing overtakes the refused message.
    /// </summary>
    /// <returns>False when the refusal is stale: the attempt was already taken off the wire by an earlier refusal (or
    /// its link ended), so the hold in force covers it.</returns>
    public bool HoldFrom(OutboxEntry entry, int attempt)
    {
        lock (_gate)
        {
            if (entry.Attempt != attempt || entry.SentOn is not { } link)
            {
                return false;
            }

            _held = true;
            for (LinkedListNode<OutboxEntry>? node = _entries.Find(entry); node is not null; node = node.Next)
            {
                if (node.Value.SentOn == link)
                {
                    node.Value.SentOn = null;
                }
            }

            return true;
        }
    }

    /// <summary>Whether attempt <paramref name="attempt"/> of the entry is still on the wire (not held, resent or released since).</summary>
    public bool IsOnWire(OutboxEntry entry, int attempt)
    {
        lock (_gate)
        {
            return entry.Attempt == attempt && entry.SentOn is not null;
        }
    }

    /// <summary>Ends the hold <see cref="HoldFrom"/> started: the pump may send again.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _held = false;
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
