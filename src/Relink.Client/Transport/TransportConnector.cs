namespace Relink.Client.Transport;

/// <summary>Opens the transport an endpoint names.</summary>
internal static class TransportConnector
{
    public static async Task<IClientTransport> ConnectAsync(ServerEndpoint endpoint, int maxFrameSize, CancellationToken cancellationToken) =>
        endpoint.Transport switch
        {
            ServerTransport.WebSocket => await WebSocketTransport.ConnectAsync(endpoint.WebSocketUri!, maxFrameSize, cancellationToken),
            _ => await TcpTransport.ConnectAsync(endpoint.Host, endpoint.Port, maxFrameSize, cancellationToken),
        };
}
