namespace Relink.Client.Inbox;

/// <summary>
/// The client_msg_ids of messages this client sent recently, so that its own message met again in a history
/// page is recognised and not raised as received. Bounded: the oldest ids are forgotten first.
/// </summary>
internal sealed class OwnMessageIds(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Remembers an id.</summary>
    public void Add(string clientMsgId)
    {
        if (!_ids.Add(clientMsgId))
        {
            return;
        }

        _order.Enqueue(clientMsgId);
        if (_order.Count > capacity)
        {
            _ids.Remove(_order.Dequeue());
        }
    }

    /// <summary>Whether this client sent the message with this id.</summary>
    public bool Contains(string clientMsgId) => clientMsgId.Length > 0 && _ids.Contains(clientMsgId);

    /// <summary>Forgets every id (another user logged in).</summary>
    public void Clear()
    {
        _ids.Clear();
        _order.Clear();
    }
}
