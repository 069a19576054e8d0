using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Diagnostics;
using Relink.Server.Sessions;

namespace Relink.Server.Connections;

/// <summary>What every transport does when a connection starts and ends: registries, metrics, logs.</summary>
public sealed partial class ConnectionLifetime(ConnectionRegistry connections, SessionRegistry sessions, Limits.ConnectionAdmission admission, RelinkMetrics metrics, RelinkServerOptions options, ILogger<ConnectionLifetime> logger)
{
    private static readonly EnumTags<CloseReason> CloseReasons = new("relink.close.reason");

    /// <summary>
    /// Registers a new connection, or refuses it when a connection limit is reached: the client then gets one fatal
    /// TOO_MANY_CONNECTIONS error and the connection closes once it is written.
    /// </summary>
    public void Opened(ClientConnection connection)
    {
        metrics.ConnectionAccepted(connection.Transport);
        if (admission.TryAdmit(connection.AddressKey) is { } refusal)
        {
            metrics.Refused(refusal.Limit);
            connection.Session.SendError(0, ErrorCode.TooManyConnections, refusal.Message, fatal: true);
            LogRefused(connection.RemoteAddress, refusal.Message);
            return;
        }

        connection.Metrics = metrics;
        connection.Admitted = true;
        connections.Add(connection);
        LogOpened(connection.Transport, connection.Id, connection.RemoteAddress);
    }


    /// <summary>Forgets a closed connection and detaches its session from routing (its data stays in the store).</summary>
    public void Closed(ClientConnection connection)
    {
        if (!connection.Admitted)
        {
            return; // refused at the door: never counted, never registered
        }

        admission.Release(connection.AddressKey, connection.Session.IsAuthenticated);
        if (connection.Session.IsAuthenticated)
        {
            sessions.Unbind(connection.Session);
        }

        connections.Remove(connection);
        var reason = connection.CloseReason ?? CloseReason.ClientClosed;
        metrics.ConnectionsClosed.Add(1, CloseReasons[reason]);
        if (reason == CloseReason.SlowConsumer)
        {
            metrics.SlowConsumers.Add(1);
            metrics.Refused(RefusedLimit.OutboundQueue);
        }

        LogClosed(connection.Session, reason);
    }

    /// <summary>
    /// Starts the log scope of a connection's receive loop (dispose it when the loop ends): every entry logged while
    /// it handles this connection's requests names the connection, and once logged in the session, user and device.
    /// Only when the log format shows scopes (JSON): a scope costs each connection an execution-context entry.
    /// </summary>
    public IDisposable? BeginLogScope(ClientConnection connection) =>
        options.Logging.Json ? logger.BeginScope(new ConnectionLogScope(connection)) : null;

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Refused a connection from {Remote}: {Reason}")]
    private partial void LogRefused(string remote, string reason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Opened {Transport}#{Id} from {Remote}")]
    private partial void LogOpened(string transport, long id, string remote);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Closed {Session}: {Reason}")]
    private partial void LogClosed(Session session, CloseReason reason);
}
