namespace Relink.Client.State;

/// <summary>
/// A client's saved state, changed the one way every store changes it: the meaning of <see cref="ClientStateChange"/>
/// in one place. Not thread-safe: each store guards its own.
/// </summary>
internal sealed class ClientStateModel
{
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal);

    // Oldest first: the order they are sent again in. A client holds at most its outbox capacity of them (1,024 in
    // the burst bench), and every send adds one and every answer removes one: indexed by id, so neither scans them
    // all (a list did, with a string comparison per entry: a third of a bursting client's CPU).
    private readonly LinkedList<PendingMessage> _pending = new();
    private readonly Dictionary<string, LinkedListNode<PendingMessage>> _pendingById = new(StringComparer.Ordinal);
    private string? _userId;

    /// <summary>How many changes were applied since the model was last replaced by a snapshot.</summary>
    public int ChangesApplied { get; private set; }

    /// <summary>Applies a change.</summary>
    public void Apply(ClientStateChange change)
    {
        if (change.Reset)
        {
            _cursors.Clear();
            _pending.Clear();
            _pendingById.Clear();
            _userId = null;
        }

        _userId = change.UserId ?? _userId;
        foreach (var (conversationId, seq) in change.Cursors ?? new Dictionary<string, long>())
        {
            if (seq > _cursors.GetValueOrDefault(conversationId))
            {
                _cursors[conversationId] = seq;
            }
        }

        foreach (PendingMessage added in change.Added ?? [])
        {
            if (!_pendingById.ContainsKey(added.ClientMsgId))
            {
                _pendingById.Add(added.ClientMsgId, _pending.AddLast(added with { InFlight = false }));
            }
        }

        foreach (string removed in change.Removed ?? [])
        {
            if (_pendingById.Remove(removed, out var node))
            {
                _pending.Remove(node);
            }
        }

        ChangesApplied++;
    }

    /// <summary>The state now, as a change that rebuilds it from nothing (what a compacted log starts with).</summary>
    public ClientStateChange ToReset() => new()
    {
        Reset = true,
        UserId = _userId,
        Cursors = new Dictionary<string, long>(_cursors, StringComparer.Ordinal),
        Added = [.. _pending],
    };

    /// <summary>A copy of the state now.</summary>
    public ClientStateSnapshot ToSnapshot() => new(_userId, new Dictionary<string, long>(_cursors, StringComparer.Ordinal), [.. _pending]);

    /// <summary>Forgets how many changes were applied (the log was compacted).</summary>
    public void Compacted() => ChangesApplied = 0;
}
