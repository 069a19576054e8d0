using Microsoft.AspNetCore.Connections;
using Relink.Server.Hosting;

namespace Relink.Server.Connections;

/// <summary>Kestrel's entry point for the TCP listener: one call per accepted socket, for its whole life.</summary>
public sealed class TcpConnectionHandler(FrameProcessor processor, ConnectionLifetime lifetime, RelinkServerOptions options, TimeProvider time) : ConnectionHandler
{
    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var client = new TcpClientConnection(connection, options.OutboundQueueCapacity, time);
        lifetime.Opened(client);
        try
        {
            await client.RunAsync(processor, options.MaxClientFrame);
        }
        finally
        {
            lifetime.Closed(client);
        }
    }
}
