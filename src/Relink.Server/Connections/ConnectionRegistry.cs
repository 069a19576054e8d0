using System.Collections.Concurrent;

namespace Relink.Server.Connections;

/// <summary>Every open connection, logged in or not: what the heartbeat sweeper walks and shutdown closes.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<long, ClientConnection> _connections = new();

    /// <summary>Open connections right now.</summary>
    public int Count => _connections.Count;

    /// <summary>Adds a new connection.</summary>
    public void Add(ClientConnection connection) => _connections[connection.Id] = connection;

    /// <summary>Removes a closed connection.</summary>
    public void Remove(ClientConnection connection) => _connections.TryRemove(connection.Id, out _);

    /// <summary>
    /// The open connections. Enumerating a ConcurrentDictionary neither locks nor copies, so a sweep over
    /// 20,000 connections allocates nothing per connection.
    /// </summary>
    public IEnumerable<ClientConnection> All => _connections.Select(pair => pair.Value);
}
