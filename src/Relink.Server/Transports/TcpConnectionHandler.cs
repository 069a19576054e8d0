using Microsoft.AspNetCore.Connections;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Pipeline;

namespace Relink.Server.Transports;

/// <summary>Kestrel's entry point for the TCP listener: one call per accepted socket, for its whole life.</summary>
public sealed class TcpConnectionHandler(FrameProcessor processor, ConnectionLifetime lifetime, RelinkServerOptions options, TimeProvider time) : ConnectionHandler
{
    /// <inheritdoc />
    /// <remarks>
    /// Not async: the connection's own loop tells <see cref="ConnectionLifetime"/> when it closed, so no state
    /// machine of this method stays parked for the connection's whole life.
    /// </remarks>
    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        var client = new TcpClientConnection(connection, options.OutboundQueueCapacity, time);
        lifetime.Opened(client);
        return client.RunAsync(processor, options.MaxClientFrame, lifetime);
    }
}
