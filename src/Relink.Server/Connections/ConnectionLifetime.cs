using Relink.Server.Diagnostics;
using Relink.Server.Sessions;

namespace Relink.Server.Connections;

/// <summary>What every transport does when a connection starts and ends: registries, metrics, logs.</summary>
public sealed partial class ConnectionLifetime(ConnectionRegistry connections, SessionRegistry sessions, RelinkMetrics metrics, ILogger<ConnectionLifetime> logger)
{
    /// <summary>Registers a new connection.</summary>
    public void Opened(ClientConnection connection)
    {
        connections.Add(connection);
        metrics.ConnectionsAccepted.Add(1);
        LogOpened(connection.Transport, connection.Id, connection.RemoteAddress);
    }

    /// <summary>Forgets a closed connection and detaches its session from routing (its data stays in the store).</summary>
    public void Closed(ClientConnection connection)
    {
        if (connection.Session.IsAuthenticated)
        {
            sessions.Unbind(connection.Session);
        }

        connections.Remove(connection);
        if (connection.CloseReason == CloseReason.SlowConsumer)
        {
            metrics.SlowConsumers.Add(1);
        }

        LogClosed(connection.Session, connection.CloseReason ?? CloseReason.ClientClosed);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Opened {Transport}#{Id} from {Remote}")]
    private partial void LogOpened(string transport, long id, string remote);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Closed {Session}: {Reason}")]
    private partial void LogClosed(Session session, CloseReason reason);
}
