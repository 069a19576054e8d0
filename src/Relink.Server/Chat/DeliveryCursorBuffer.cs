using System.Collections.Concurrent;
using Relink.Storage;

namespace Relink.Server.Chat;

/// <summary>
/// Delivery cursors held in memory and written to the store in bulk (by <see cref="DeliveryCursorFlusher"/>, every
/// <see cref="Configuration.RelinkServerOptions.DeliveryCursorFlushInterval"/> and at shutdown). A receiver acks
/// every 64 messages or 200 ms; writing each ack was a store write per ack per device, while only the last position
/// of each device in each conversation matters.
/// </summary>
/// <remarks>
/// A cursor that lags costs only redeliveries: a device that comes back finds the messages after its stored cursor
/// again and drops the ones it has by sequence number. A clean shutdown loses nothing (the flusher writes what is held);
/// a crash loses at most one interval of cursor moves (docs/reliability.md). Every read of a device's own cursors
/// (its talk list, its sync) first writes what is held for that device (<see cref="FlushAsync(string, string)"/>), so
/// on one node a device never sees its own acks undone.
/// </remarks>
public sealed class DeliveryCursorBuffer(IChatStore store)
{
    private readonly ConcurrentDictionary<(string User, string Device), DeviceCursors> _devices = new();

    /// <summary>Whether anything waits to be written (for tests and the flusher's log).</summary>
    public bool IsEmpty => _devices.IsEmpty;

    /// <summary>Moves a device's cursor in a conversation forward in memory (never back); written at the next flush.</summary>
    public void Advance(string userId, string deviceId, string conversationId, long seq)
    {
        while (true)
        {
            var device = _devices.GetOrAdd((userId, deviceId), static _ => new DeviceCursors());
            if (device.TryAdvance(conversationId, seq))
            {
                return;
            }

            // A flush retired this (empty) entry between our lookup and our lock: take the one that replaces it.
        }
    }

    /// <summary>Writes what is held for one device, so a read of its cursors sees its acks.</summary>
    public Task FlushAsync(string userId, string deviceId) =>
        _devices.TryGetValue((userId, deviceId), out var device) ? WriteAsync(userId, deviceId, device) : Task.CompletedTask;

    /// <summary>Writes everything held: one store write per device with moved cursors, all queued together so they commit together.</summary>
    public Task FlushAllAsync()
    {
        if (_devices.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var writes = new List<Task>();
        foreach (var (key, device) in _devices)
        {
            writes.Add(WriteAsync(key.User, key.Device, device));
        }

        return Task.WhenAll(writes);
    }

    private async Task WriteAsync(string userId, string deviceId, DeviceCursors device)
    {
        var (cursors, written) = device.Take();
        if (cursors is null)
        {
            // Nothing new; a write another flush took may still be under way, and the caller wants it done.
            _devices.TryRemove(new KeyValuePair<(string, string), DeviceCursors>((userId, deviceId), device));
            await written.Task;
            return;
        }

        try
        {
            await store.AdvanceDeliveredAsync(userId, deviceId, cursors);
        }
        catch
        {
            // Not written: hold them again for the next flush (a newer position, if one came meanwhile, wins).
            foreach (var cursor in cursors)
            {
                Advance(userId, deviceId, cursor.ConversationId, cursor.Seq);
            }

            throw;
        }
        finally
        {
            written.TrySetResult(); // waiters only need it over: a failed write is held again above
        }
    }

    /// <summary>One device's unwritten cursor positions, by conversation, and the write under way.</summary>
    private sealed class DeviceCursors
    {
        private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);
        private TaskCompletionSource _lastWrite = Done();
        private bool _retired;

        public bool TryAdvance(string conversationId, long seq)
        {
            lock (_pending)
            {
                if (_retired)
                {
                    return false;
                }

                if (!_pending.TryGetValue(conversationId, out long held) || held < seq)
                {
                    _pending[conversationId] = seq;
                }

                return true;
            }
        }

        /// <summary>
        /// The positions to write, no longer held, and the completion to set once written; or no positions, when
        /// there were none (the entry is retired), and the completion of the last write taken.
        /// </summary>
        public (List<DeliveryCursor>? Cursors, TaskCompletionSource Written) Take()
        {
            lock (_pending)
            {
                if (_pending.Count == 0)
                {
                    _retired = true;
                    return (null, _lastWrite);
                }

                var cursors = new List<DeliveryCursor>(_pending.Count);
                foreach (var (conversationId, seq) in _pending)
                {
                    cursors.Add(new DeliveryCursor(conversationId, seq));
                }

                _pending.Clear();
                _lastWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return (cursors, _lastWrite);
            }
        }

        private static TaskCompletionSource Done()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
